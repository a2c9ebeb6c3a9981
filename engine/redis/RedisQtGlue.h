#pragma once

// The one place that includes hiredis's Qt adapter (see CMakeLists.txt for
// why it sits in a library of its own). attach() hooks a RedisQtAdapter, a
// child of parent and so living on parent's thread, into an async context;
// detach() unhooks it while the context is still alive (hiredis would call
// the adapter's cleanup through a dangling pointer otherwise, and the
// adapter's destructor writes into the context), then deletes the adapter.
struct redisAsyncContext;
class QObject;

namespace opsdeck::redis::qtglue {

// Returns the adapter, or nullptr when the context already has an event loop attached.
QObject* attach(redisAsyncContext* context, QObject* parent);
// Call while context is valid (before redisAsyncFree, or inside its disconnect callback). Idempotent for nullptr.
void detach(redisAsyncContext* context, QObject* adapter);

} // namespace opsdeck::redis::qtglue
