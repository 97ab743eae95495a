#!/usr/bin/python3
"""Writes the version manifest nova's remotable classmethods send with every
object_class_action_versions call (oslo.versionedobjects' obj_tree_get_versions),
for every registered nova object, as one JSON document {ObjectName: {Name: version}}.

Run with Debian's python3-nova (Zed 26.2.2 gave the committed file):
    /usr/bin/python3 messages/tools/nova_object_versions.py \
        > messages/src/main/resources/org/computeworker/messages/objects/nova-object-versions.json
"""
import json
import sys

from nova import objects
from nova import version
from oslo_versionedobjects import base as ovo_base

objects.register_all()
names = sorted(objects.base.NovaObjectRegistry.obj_classes())
manifests = {"_nova_version": version.version_string()}
for name in names:
    manifests[name] = ovo_base.obj_tree_get_versions(name)
json.dump(manifests, sys.stdout, sort_keys=True, separators=(",", ":"))
sys.stdout.write("\n")
