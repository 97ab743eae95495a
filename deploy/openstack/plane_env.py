"""What deploy/openstack/start.sh wrote to DIR/env (KEY=VALUE lines), for the scripts beside it."""
import os


def read_env(d):
    env = {}
    with open(os.path.join(d, 'env'), encoding='utf-8') as f:
        for line in f:
            if '=' in line:
                k, v = line.rstrip('\n').split('=', 1)
                env[k] = v
    return env
