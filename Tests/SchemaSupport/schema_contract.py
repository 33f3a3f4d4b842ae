"""The schemas in schemas/ against what the encoders write (run by SchemaContractTests).

    .venv/bin/python Tests/SchemaSupport/schema_contract.py DIR

DIR holds, per entity (users, products, interactions, sessions), the same records in each
format, written by StreamGenerator from one (seed, stream):
  ENTITY.json          NDJSON: the reference encoding
  ENTITY.avro.bin      ENTITY.protobuf.bin  ENTITY.json_schema.bin
                       framed values (Confluent wire format, schema id 1), each preceded by
                       its length as 4 bytes big-endian

Checks, per entity:
  1. the JSON records' fields, in order, are the fields of the .avsc, the .proto (by field
     number) and the .schema.json;
  2. each JSON record is valid for all three schemas (types, enums, formats, required);
  3. a field is nullable in the schemas exactly when some record has it null (so a
     nullable field is never declared non-null, nor a never-null one nullable);
  4. every binary value decodes (fastavro / protoc-generated classes) to the JSON record,
     and every json_schema value is magic byte 0, id 1, then the JSON record's bytes.
Prints one line per entity; exits 1 with the first differences on failure.
"""
import datetime
import io
import json
import pathlib
import struct
import subprocess
import sys
import tempfile
import uuid

import fastavro
import jsonschema
from google.protobuf import json_format

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SCHEMAS = ROOT / "schemas"
MESSAGES = {"users": "User", "products": "Product", "interactions": "Interaction", "sessions": "Session"}
failures = []


def fail(entity, message):
    failures.append(f"{entity}: {message}")


def framed(path):
    data = path.read_bytes()
    offset = 0
    while offset < len(data):
        (n,) = struct.unpack_from(">I", data, offset)
        yield data[offset + 4 : offset + 4 + n]
        offset += 4 + n


def millis(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def timestamp_fields(avro_schema):
    """Names of timestamp-millis fields (they are ISO strings in JSON)."""
    return {f["name"] for f in avro_schema["fields"]
            if isinstance(f["type"], dict) and f["type"].get("logicalType") == "timestamp-millis"}


def nullable_avro(avro_schema):
    return {f["name"] for f in avro_schema["fields"] if isinstance(f["type"], list) and "null" in f["type"]}


def normal(value, stamps):
    """A decoded record in JSON's terms: timestamps as epoch millis, UUIDs as strings."""
    out = {}
    for key, v in value.items():
        if isinstance(v, uuid.UUID):
            v = str(v)
        if key in stamps:
            if isinstance(v, datetime.datetime):
                v = int(v.timestamp() * 1000)
            elif isinstance(v, str):
                v = millis(v)
        out[key] = v
    return out


def load_proto_classes(tmp):
    subprocess.run(["protoc", f"-I{SCHEMAS}", "-I/usr/include", f"--python_out={tmp}"]
                   + [str(SCHEMAS / f"{e}.proto") for e in MESSAGES], check=True)
    sys.path.insert(0, str(tmp))
    return {e: getattr(__import__(f"{e}_pb2"), MESSAGES[e]) for e in MESSAGES}


def check(entity, directory, proto_class):
    avsc = json.loads((SCHEMAS / f"{entity}.avsc").read_text())
    parsed = fastavro.parse_schema(avsc)
    js = json.loads((SCHEMAS / f"{entity}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(js, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    lines = (directory / f"{entity}.json").read_bytes().splitlines()
    records = [json.loads(line) for line in lines]
    stamps = timestamp_fields(avsc)
    descriptor = proto_class.DESCRIPTOR

    # 1. Fields, in order.
    avro_fields = [f["name"] for f in avsc["fields"]]
    proto_fields = [f.name for f in sorted(descriptor.fields, key=lambda f: f.number)]
    js_fields = list(js["properties"])
    for i, r in enumerate(records):
        if list(r) != avro_fields:
            fail(entity, f"record {i} fields {list(r)} != .avsc {avro_fields}")
            break
    if proto_fields != avro_fields:
        fail(entity, f".proto fields {proto_fields} != .avsc {avro_fields}")
    if js_fields != avro_fields or js.get("required") != avro_fields:
        fail(entity, f".schema.json properties/required {js_fields} != .avsc {avro_fields}")

    # 2. Every record valid for every schema.
    for i, r in enumerate(records):
        as_avro = {k: (datetime.datetime.fromtimestamp(millis(v) / 1000, datetime.timezone.utc) if k in stamps else v)
                   for k, v in r.items()}
        try:
            fastavro.validation.validate(as_avro, parsed, raise_errors=True)
        except Exception as error:  # noqa: BLE001 - the message is the report
            fail(entity, f"record {i} invalid for .avsc: {error}")
            break
        errors = list(validator.iter_errors(r))
        if errors:
            fail(entity, f"record {i} invalid for .schema.json: {errors[0].message} at {list(errors[0].path)}")
            break
        try:
            json_format.ParseDict(r, proto_class())
        except json_format.ParseError as error:
            fail(entity, f"record {i} invalid for .proto: {error}")
            break

    # 3. Nullable exactly where JSON has nulls.
    seen_null = {k for r in records for k, v in r.items() if v is None}
    avro_nullable = nullable_avro(avsc)
    js_nullable = {k for k, p in js["properties"].items() if isinstance(p.get("type"), list) and "null" in p["type"]}
    proto_optional = {f.name for f in descriptor.fields if f.has_presence and f.message_type is None}
    for name, declared in ((".avsc", avro_nullable), (".schema.json", js_nullable), (".proto optional", proto_optional)):
        if declared != seen_null:
            fail(entity, f"{name} nullable {sorted(declared)} but null in the records: {sorted(seen_null)}")

    # 4. Binary values decode to the JSON records.
    reference = [normal(r, stamps) for r in records]
    avro_values = list(framed(directory / f"{entity}.avro.bin"))
    proto_values = list(framed(directory / f"{entity}.protobuf.bin"))
    js_values = list(framed(directory / f"{entity}.json_schema.bin"))
    for name, values in (("avro", avro_values), ("protobuf", proto_values), ("json_schema", js_values)):
        if len(values) != len(records):
            fail(entity, f"{len(values)} {name} values for {len(records)} JSON records")
    for i, (ref, value) in enumerate(zip(reference, avro_values)):
        if value[:5] != b"\x00\x00\x00\x00\x01":
            fail(entity, f"avro value {i} framing {value[:5].hex()}")
            break
        stream = io.BytesIO(value[5:])
        try:
            decoded = normal(fastavro.schemaless_reader(stream, parsed), stamps)
        except Exception as error:  # noqa: BLE001 - the message is the report
            fail(entity, f"avro value {i} does not decode with the .avsc: {type(error).__name__}: {error}")
            break
        if decoded != ref or stream.read():
            fail(entity, f"avro value {i} decodes to {decoded}\n  JSON: {ref}")
            break
    for i, (ref, value) in enumerate(zip(reference, proto_values)):
        if value[:6] != b"\x00\x00\x00\x00\x01\x00":
            fail(entity, f"protobuf value {i} framing {value[:6].hex()}")
            break
        message = proto_class()
        try:
            message.ParseFromString(value[6:])
        except Exception as error:  # noqa: BLE001 - the message is the report
            fail(entity, f"protobuf value {i} does not parse with the .proto: {error}")
            break
        as_dict = json_format.MessageToDict(message, preserving_proto_field_name=True,
                                            always_print_fields_with_no_presence=True)
        decoded = normal({name: as_dict.get(name) for name in avro_fields}, stamps)
        if entity == "sessions":
            counts = decoded["interaction_counts"] or {}
            decoded["interaction_counts"] = {k: counts.get(k, 0) for k in ref["interaction_counts"]}
        if decoded != ref:
            diff = {k: (decoded.get(k), ref[k]) for k in ref if decoded.get(k) != ref[k]}
            fail(entity, f"protobuf value {i} differs from JSON (decoded, json): {diff}")
            break
        if message.SerializeToString() != value[6:]:
            fail(entity, f"protobuf value {i} is not in canonical field order")
            break
    for i, (line, value) in enumerate(zip(lines, js_values)):
        if value != b"\x00\x00\x00\x00\x01" + line:
            fail(entity, f"json_schema value {i} is not magic, id 1 and the JSON bytes")
            break
    if any(f.startswith(f"{entity}: ") for f in failures):
        return
    sizes = {name: sum(map(len, values)) / max(1, len(values))
             for name, values in (("json", lines), ("avro", avro_values), ("protobuf", proto_values))}
    print(f"{entity}: {len(records)} records agree; bytes/record "
          + ", ".join(f"{k} {v:.0f}" for k, v in sizes.items()))


def main():
    directory = pathlib.Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        classes = load_proto_classes(tmp)
        for entity in MESSAGES:
            check(entity, directory, classes[entity])
    if failures:
        print("\n".join(failures[:20]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
