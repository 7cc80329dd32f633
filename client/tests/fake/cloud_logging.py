"""A small fake of Cloud Logging's ``LoggingServiceV2`` gRPC service for the Python tests (the Java suite has
the full one, ``FakeCloudLogging``): ``WriteLogEntries`` stores the entries with the request's log name,
resource and labels copied in; nothing else is served. Plaintext on a loopback port."""

from __future__ import annotations

import threading
from concurrent import futures

import grpc
from google.cloud.logging_v2.types import logging as logging_types

SERVICE = "google.logging.v2.LoggingServiceV2"


class FakeCloudLogging:
    def __init__(self):
        self.entries: list = []
        self.requests: list = []
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        handler = grpc.method_handlers_generic_handler(SERVICE, {"WriteLogEntries": grpc.unary_unary_rpc_method_handler(
            self._write, request_deserializer=logging_types.WriteLogEntriesRequest.deserialize,
            response_serializer=logging_types.WriteLogEntriesResponse.serialize)})
        self._server.add_generic_rpc_handlers((handler,))
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "FakeCloudLogging":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop(grace=None).wait()

    def snapshot(self) -> list:
        with self._lock:
            return list(self.entries)

    def _write(self, request, context):
        with self._lock:
            self.requests.append(request)
            for entry in request.entries:
                if not entry.log_name:
                    entry.log_name = request.log_name
                if not entry.resource.type:
                    entry.resource = request.resource
                for key, value in request.labels.items():
                    entry.labels.setdefault(key, value)
                if not entry.log_name.startswith("projects/") or "/logs/" not in entry.log_name:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"Invalid log name {entry.log_name!r}")
                self.entries.append(entry)
        return logging_types.WriteLogEntriesResponse()
