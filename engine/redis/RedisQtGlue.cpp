#include "RedisQtGlue.h"

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>

namespace opsdeck::redis::qtglue {

QObject* attach(redisAsyncContext* context, QObject* parent)
{
    auto* adapter = new RedisQtAdapter(parent);
    if (adapter->setContext(context) != REDIS_OK) {
        delete adapter;
        return nullptr;
    }
    return adapter;
}

void detach(redisAsyncContext* context, QObject* adapter)
{
    if (!adapter)
        return;
    if (context && context->ev.data == adapter) {
        if (context->ev.cleanup)
            context->ev.cleanup(context->ev.data); // deletes the socket notifiers
        context->ev.addRead = nullptr;
        context->ev.delRead = nullptr;
        context->ev.addWrite = nullptr;
        context->ev.delWrite = nullptr;
        context->ev.cleanup = nullptr;
    }
    delete adapter; // its destructor clears context->ev.data: context must still be alive
}

} // namespace opsdeck::redis::qtglue
