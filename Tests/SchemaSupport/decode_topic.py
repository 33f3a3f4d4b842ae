"""Reads a topic back from a real broker and decodes every value with confluent-kafka's own
deserializer (AvroDeserializer, ProtobufDeserializer, JSONDeserializer) resolving the schema
id from the registry, then compares the records with the JSON encoding of the same records.

    .venv/bin/python Tests/SchemaSupport/decode_topic.py --bootstrap HOST:PORT \
        --registry URL [--auth USER:PASSWORD] [--timeout 30] TOPIC:FORMAT:ENTITY:REFERENCE...

FORMAT is avro, protobuf or json_schema; REFERENCE an NDJSON file of the JSON records the
topic must hold (in any order: partitions interleave). Prints, per topic, `TOPIC: N records
decoded (FORMAT, schema id [ID]), equal to the JSON`, or exits 1 naming the differences.
"""
import argparse
import collections
import json
import pathlib
import sys
import tempfile
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import json_format

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import schema_contract  # noqa: E402 - shares the schema files and the normalisation


def canonical(record, stamps):
    return json.dumps(schema_contract.normal(record, stamps), sort_keys=True)


def deserializer_for(fmt, entity, registry, tmp):
    if fmt == "avro":
        return AvroDeserializer(registry)
    if fmt == "protobuf":
        return ProtobufDeserializer(schema_contract.load_proto_classes(tmp)[entity], {}, registry)
    return JSONDeserializer(None, schema_registry_client=registry)


def as_json_terms(decoded, fmt, fields):
    """A deserialized value as the JSON encoder's record (Protobuf: defaults filled in)."""
    if fmt != "protobuf":
        return decoded
    as_dict = json_format.MessageToDict(decoded, preserving_proto_field_name=True,
                                        always_print_fields_with_no_presence=True)
    record = {name: as_dict.get(name) for name in fields}
    if "interaction_counts" in record:
        counts = record["interaction_counts"] or {}
        record["interaction_counts"] = {k: counts.get(k, 0) for k in COUNTS}
    return record


COUNTS = ("view", "click", "add_to_cart", "remove_from_cart", "purchase", "wishlist", "review", "share", "search")


def check(job, args, registry, tmp):
    topic, fmt, entity, reference = job.split(":", 3)
    avsc = json.loads((schema_contract.SCHEMAS / f"{entity}.avsc").read_text())
    stamps = schema_contract.timestamp_fields(avsc)
    fields = [f["name"] for f in avsc["fields"]]
    deserializer = deserializer_for(fmt, entity, registry, tmp)
    expected = collections.Counter(canonical(json.loads(line), stamps)
                                   for line in pathlib.Path(reference).read_text().splitlines())
    want = sum(expected.values())
    # Partitions assigned directly from the beginning: no consumer group to join.
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "decode-topic", "enable.auto.commit": False})
    partitions = consumer.list_topics(topic, timeout=args.timeout).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    seen = collections.Counter()
    ids = set()
    deadline = time.monotonic() + args.timeout
    while sum(seen.values()) < want and time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        value = msg.value()
        ids.add(int.from_bytes(value[1:5], "big"))
        decoded = deserializer(value, SerializationContext(topic, MessageField.VALUE))
        seen[canonical(as_json_terms(decoded, fmt, fields), stamps)] += 1
    consumer.close()
    if seen != expected:
        missing = expected - seen
        extra = seen - expected
        return (f"{topic}: {sum(seen.values())} decoded, {want} expected; "
                f"{sum(missing.values())} missing, e.g. {next(iter(missing), None)}; "
                f"{sum(extra.values())} unexpected, e.g. {next(iter(extra), None)}")
    print(f"{topic}: {want} records decoded ({fmt}, schema id {sorted(ids)}), equal to the JSON", flush=True)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--auth")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("jobs", nargs="+", metavar="TOPIC:FORMAT:ENTITY:REFERENCE")
    args = parser.parse_args()
    conf = {"url": args.registry}
    if args.auth:
        conf["basic.auth.user.info"] = args.auth
    registry = SchemaRegistryClient(conf)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for job in args.jobs:
            try:
                problem = check(job, args, registry, tmp)
            except Exception as error:  # noqa: BLE001 - reported with the topic
                problem = f"{job.split(':')[0]}: {type(error).__name__}: {error}"
            if problem:
                problems.append(problem)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
