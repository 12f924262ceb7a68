#!/usr/bin/env bash
# Deploys the protocol (scripts/deploy.sh) and then sets up the demo state of the reference
# dev tooling (spec §11): a domain, a compute pool managed by the pool owner (anvil #5),
# started, and its distributor's reward rate (0.01 token per work unit).
# Same options and environment as scripts/deploy.sh.
exec "$(dirname "${BASH_SOURCE[0]}")/deploy.sh" --demo "$@"
