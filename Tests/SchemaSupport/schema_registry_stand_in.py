"""A Schema Registry STAND-IN for tests: not a Schema Registry.

No Confluent Schema Registry can be installed on the test machines, so the tests run this
small HTTP server speaking the REST subset that clickstreamd and the confluent-kafka
serializers and deserializers use, with the documented request and response shapes
(https://docs.confluent.io/platform/current/schema-registry/develop/api.html):

  POST /subjects/{subject}/versions                   register; {"id": N}; the same schema again
                                                      gets the same id; 409 for a --refuse subject
  POST /subjects/{subject}                            look a schema up under a subject
  GET  /subjects, /subjects/{subject}/versions
  GET  /subjects/{subject}/versions/{version|latest}
  GET  /schemas/ids/{id}[?format=serialized]          serialized: a Protobuf schema as a base64
                                                      FileDescriptorProto (compiled with protoc)
  POST /compatibility/subjects/{subject}/versions/latest   {"is_compatible": bool}
  GET  /config                                        {"compatibilityLevel": "BACKWARD"}

It checks nothing about compatibility: `--refuse SUBJECT` makes every new schema for that
subject incompatible (HTTP 409, error_code 409), as a real registry answers an incompatible
evolution. `--basic-auth user:password` requires those credentials (401 otherwise).
State lives in memory. Prints `listening on 127.0.0.1:PORT` once ready.

    python schema_registry_stand_in.py [--port 0] [--refuse SUBJECT]... [--basic-auth U:P]
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse, parse_qs

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"


class Registry:
    def __init__(self, refuse):
        self.lock = threading.Lock()
        self.schemas = []          # index id-1: {"schema", "schemaType"}
        self.subjects = {}         # subject -> [id, ...] (version = position + 1)
        self.refuse = set(refuse)

    def register(self, subject, schema, schema_type):
        with self.lock:
            key = {"schema": schema, "schemaType": schema_type}
            versions = self.subjects.setdefault(subject, [])
            for schema_id in versions:
                if self.schemas[schema_id - 1] == key:
                    return 200, {"id": schema_id}
            if subject in self.refuse:
                return 409, {"error_code": 409, "message":
                             f"Schema being registered is incompatible with an earlier schema for subject \"{subject}\""}
            if key in self.schemas:
                schema_id = self.schemas.index(key) + 1
            else:
                self.schemas.append(key)
                schema_id = len(self.schemas)
            versions.append(schema_id)
            return 200, {"id": schema_id}

    def version(self, subject, version):
        versions = self.subjects.get(subject)
        if not versions:
            return 404, {"error_code": 40401, "message": f"Subject '{subject}' not found."}
        index = len(versions) if version == "latest" else int(version)
        if not 1 <= index <= len(versions):
            return 404, {"error_code": 40402, "message": f"Version {version} not found."}
        schema_id = versions[index - 1]
        return 200, dict(self.schemas[schema_id - 1], subject=subject, version=index, id=schema_id)


def serialized(proto_text):
    """The FileDescriptorProto of a .proto text, base64 (what `format=serialized` returns)."""
    from google.protobuf import descriptor_pb2
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "schema.proto")
        with open(path, "w") as f:
            f.write(proto_text)
        out = os.path.join(tmp, "set.pb")
        subprocess.run(["protoc", f"-I{tmp}", "-I/usr/include", f"--descriptor_set_out={out}", path], check=True)
        files = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as f:
            files.ParseFromString(f.read())
    return base64.b64encode(files.file[-1].SerializeToString()).decode()


def handler(registry, credentials):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            sys.stderr.write("stand-in: " + fmt % args + "\n")

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def authorized(self):
            if credentials is None:
                return True
            expected = "Basic " + base64.b64encode(credentials.encode()).decode()
            if self.headers.get("Authorization") == expected:
                return True
            self.reply(401, {"error_code": 401, "message": "Unauthorized"})
            return False

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}")

        def route(self):
            url = urlparse(self.path)
            return [unquote(p) for p in url.path.strip("/").split("/")], parse_qs(url.query)

        def do_GET(self):  # noqa: N802 - http.server's naming
            if not self.authorized():
                return
            parts, query = self.route()
            if parts == ["subjects"]:
                return self.reply(200, sorted(registry.subjects))
            if parts == ["config"]:
                return self.reply(200, {"compatibilityLevel": "BACKWARD"})
            if len(parts) == 3 and parts[:2] == ["schemas", "ids"] and parts[2].isdigit():
                schema_id = int(parts[2])
                if not 1 <= schema_id <= len(registry.schemas):
                    return self.reply(404, {"error_code": 40403, "message": "Schema not found"})
                found = dict(registry.schemas[schema_id - 1])
                if found["schemaType"] == "PROTOBUF" and query.get("format") == ["serialized"]:
                    found["schema"] = serialized(found["schema"])
                if found["schemaType"] == "AVRO":
                    del found["schemaType"]
                return self.reply(200, found)
            if len(parts) == 3 and parts[0] == "subjects" and parts[2] == "versions":
                return self.reply(200, list(range(1, len(registry.subjects.get(parts[1], [])) + 1)))
            if len(parts) == 4 and parts[0] == "subjects" and parts[2] == "versions":
                status, found = registry.version(parts[1], parts[3])
                if status == 200 and found["schemaType"] == "PROTOBUF" and query.get("format") == ["serialized"]:
                    found["schema"] = serialized(found["schema"])
                return self.reply(status, found)
            self.reply(404, {"error_code": 404, "message": f"no route {self.path}"})

        def do_POST(self):  # noqa: N802
            if not self.authorized():
                return
            parts, _ = self.route()
            body = self.body()
            schema_type = body.get("schemaType", "AVRO")
            if len(parts) == 3 and parts[0] == "subjects" and parts[2] == "versions":
                if not isinstance(body.get("schema"), str):
                    return self.reply(422, {"error_code": 42201, "message": "Invalid schema: no \"schema\" string"})
                return self.reply(*registry.register(parts[1], body["schema"], schema_type))
            if len(parts) == 2 and parts[0] == "subjects":
                key = {"schema": body.get("schema"), "schemaType": schema_type}
                for version, schema_id in enumerate(registry.subjects.get(parts[1], []), start=1):
                    if registry.schemas[schema_id - 1] == key:
                        return self.reply(200, dict(key, subject=parts[1], version=version, id=schema_id))
                return self.reply(404, {"error_code": 40403, "message": "Schema not found"})
            if len(parts) == 5 and parts[:2] == ["compatibility", "subjects"] and parts[3] == "versions":
                return self.reply(200, {"is_compatible": parts[2] not in registry.refuse})
            self.reply(404, {"error_code": 404, "message": f"no route {self.path}"})

    return Handler


def main():
    parser = argparse.ArgumentParser(description="Schema Registry stand-in for tests")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--refuse", action="append", default=[], help="subject whose new schemas are incompatible")
    parser.add_argument("--basic-auth", help="user:password required on every request")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(Registry(args.refuse), args.basic_auth))
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
