#!/usr/bin/python3
# Records python_client.om.txt: a real OpenMetrics 1.0 exposition from the
# official Python client (Debian python3-prometheus-client), served over HTTP
# and fetched with an OpenMetrics Accept header. node_exporter 1.5 and
# Prometheus 2.42 as packaged in Debian 12 answer only in format 0.0.4.
#
#   /usr/bin/python3 record_openmetrics.py PORT &   then
#   curl -H 'Accept: application/openmetrics-text; version=1.0.0' http://127.0.0.1:PORT/metrics
import sys
import time

from prometheus_client import Counter, Enum, Gauge, Histogram, Info, Summary, start_http_server
from prometheus_client.core import GaugeHistogramMetricFamily, REGISTRY

requests = Counter("opsdeck_http_requests", "HTTP requests served.", ["code", "path"])
requests.labels("200", "/metrics").inc(42)
requests.labels("500", '/a "quoted"\\path\nnext').inc(3)
temp = Gauge("opsdeck_temperature_celsius", "Board temperature.", unit="celsius")
temp.set(-12.5)
latency = Histogram("opsdeck_request_duration_seconds", "Request latency.", buckets=[0.005, 0.1, 1, 10])
for v in (0.001, 0.02, 0.3, 2, 20):
    latency.observe(v)
size = Summary("opsdeck_response_size_bytes", "Response sizes.", unit="bytes")
size.observe(512)
size.observe(2048)
Info("opsdeck_build", "Build information.").info({"version": "0.1.0", "branch": "main"})
Enum("opsdeck_agent_state", "Agent state.", states=["starting", "running", "stopped"]).state("running")


class QueueCollector:
    def collect(self):
        g = GaugeHistogramMetricFamily("opsdeck_queue_wait_seconds", "Queue wait right now.")
        g.add_metric([], [("0.1", 4), ("1", 9), ("+Inf", 10)], gsum_value=7.5)
        yield g


REGISTRY.register(QueueCollector())
start_http_server(int(sys.argv[1]), addr="127.0.0.1")
while True:
    time.sleep(1)
