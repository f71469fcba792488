#!/usr/bin/env python3
"""Extract UpdateConnectionRequestContent (and every schema it references) from
Auth0's published Management API OpenAPI document into one self-contained JSON
Schema (draft 2020-12), so tests can validate every PATCH body the core sends.

usage: scripts/extract-patch-schema.py OAS.json > tests/fixtures/openapi/update-connection-request.schema.json
"""
import json
import sys

ROOT = "UpdateConnectionRequestContent"
PREFIX = "#/components/schemas/"

spec = json.load(open(sys.argv[1]))
schemas = spec["components"]["schemas"]


def refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                found.add(value[len(PREFIX):])
            else:
                refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def rewrite(node):
    if isinstance(node, dict):
        return {
            k: ("#/$defs/" + v[len(PREFIX):] if k == "$ref" and isinstance(v, str) else rewrite(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [rewrite(v) for v in node]
    return node


needed, todo = set(), [ROOT]
while todo:
    name = todo.pop()
    if name in needed:
        continue
    needed.add(name)
    found = set()
    refs(schemas[name], found)
    todo.extend(found - needed)

out = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$comment": "Extracted from Auth0's Management API OAS (" + spec["info"].get("version", "?")
    + ") by scripts/extract-patch-schema.py; do not edit by hand.",
    "$ref": "#/$defs/" + ROOT,
    "$defs": {name: rewrite(schemas[name]) for name in sorted(needed)},
}
json.dump(out, sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
