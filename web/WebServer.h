#pragma once

#include "EngineConfigFile.h"
#include "PrometheusApi.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QString>
#include <QThreadPool>

class QTcpServer;

namespace opsdeck {
class Engine;
}

// The headless engine's Prometheus HTTP API (the `web:` section): the data
// endpoints of PrometheusApi, /api/v1/status/buildinfo, /api/v1/alerts,
// /api/v1/rules, /federate, the engine's own /metrics, /-/healthy and
// /-/ready, on QHttpServer over agent::GuardedTcpServer (or GuardedSslServer
// for TLS), so the agent's request limits and constant-time token check apply.
//
// Queries never run on the thread that owns the server (the GUI or main
// thread): each one is a QtConcurrent task on the server's own pool and the
// route answers with its QFuture (QHttpServer 6.4 sends it when ready). The
// alert snapshots and the figures for /metrics are read on the owner thread;
// they are copies. With a token configured, every endpoint but /-/healthy and
// /-/ready answers 401 without data to a request without it; the token is
// never logged. Destroy the server before the engine: the destructor waits for
// running queries.
namespace opsdeck::web {

class WebServer final : public QObject
{
    Q_OBJECT

public:
    // engine must be started and outlive the server.
    WebServer(Engine* engine, const WebConfig& config, QObject* parent = nullptr);
    ~WebServer() override;

    // Binds the listening socket; false with a reason in *error.
    bool start(QString* error);
    // "http://127.0.0.1:9099" (https with TLS), with the port actually bound.
    QString baseUrl() const;
    quint16 port() const;

private:
    struct Incoming; // what a worker needs of a request (QHttpServerRequest stays on the server's thread)

    void addRoutes();
    QHttpServerResponse answer(const QByteArray& handler, const ApiResponse& response, const QElapsedTimer& timer);
    bool authorized(const QByteArray& authorization) const;
    QByteArray figures() const;

    Engine* m_engine;
    WebConfig m_config;
    PrometheusApi m_api;
    QHttpServer m_http;
    QTcpServer* m_listener = nullptr;
    QThreadPool m_pool;
    qint64 m_startMs = 0;

    mutable QMutex m_countsMutex; // answers are counted on the pool's threads too
    QMap<QPair<QByteArray, int>, quint64> m_requests;
    QMap<QByteArray, QPair<quint64, double>> m_durations;
    QMap<QString, quint64> m_notifications; // owner thread only
};

} // namespace opsdeck::web
