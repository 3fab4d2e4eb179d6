"""Starts moto's server for Warden's tests with a reduced set of AWS managed policies.

moto rebuilds all ~1,400 AWS managed policies every time an IAM backend is created,
which is after every reset: about a second per test. Warden's tests only use a few
of them, so this keeps those (and fails loudly if one is missing from moto's data).
Arguments are passed to moto's own server entry point.
"""
import json
import sys

import moto.iam.models as iam_models

KEEP = {
    "AdministratorAccess",
    "AdministratorAccess-Amplify",
    "AdministratorAccess-AWSElasticBeanstalk",
    "AWSDenyAll",
    "AWSCompromisedKeyQuarantineV2",
    "IAMFullAccess",
    "IAMReadOnlyAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
    "SecurityAudit",
    "ViewOnlyAccess",
}

data = json.loads(iam_models.aws_managed_policies_data)
subset = {name: body for name, body in data.items() if name in KEEP}
missing = KEEP - subset.keys()
if missing:
    sys.exit(f"moto's managed policy data lacks: {sorted(missing)}")
iam_models.aws_managed_policies_data = json.dumps(subset)

# Real DynamoDB applies each write (and each transaction) atomically, so of two
# concurrent conditional writes exactly one wins. moto's threaded server checks the
# condition and writes without a lock, so two concurrent deliveries could both
# "win". One lock around every DynamoDB write gives the tests DynamoDB's behaviour.
import functools  # noqa: E402
import threading  # noqa: E402

import moto.dynamodb.models as dynamodb_models  # noqa: E402

_dynamodb_write_lock = threading.RLock()


def _atomic(method):
    @functools.wraps(method)
    def locked(*args, **kwargs):
        with _dynamodb_write_lock:
            return method(*args, **kwargs)

    return locked


for _name in ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item"):
    setattr(dynamodb_models.DynamoDBBackend, _name, _atomic(getattr(dynamodb_models.DynamoDBBackend, _name)))

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
