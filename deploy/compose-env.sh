#!/usr/bin/env bash
# Prints fresh random secrets for deploy/compose.yaml: deploy/compose-env.sh > deploy/.env
# (deploy/.env is git-ignored; Compose reads it from the compose file's folder).
set -euo pipefail
secret() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
for name in UMR_DB_PASSWORD KEYCLOAK_ADMIN_PASSWORD UMR_EPMA_CLIENT_SECRET UMR_GP_FEED_CLIENT_SECRET \
    UMR_ADMIN_CLIENT_SECRET UMR_METRICS_CLIENT_SECRET UMR_DEMO_USER_PASSWORD; do
    echo "$name=$(secret)"
done
