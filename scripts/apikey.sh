#!/usr/bin/env bash
# Makes a new random API key and prints it with its SHA-256, ready for the environment file:
#   scripts/apikey.sh ops admin
#   -> key (give it to the client) and Auth__ApiKeys__ops__Sha256 / Auth__ApiKeys__ops__Role lines
set -euo pipefail
name="${1:?usage: $0 <client-name> <admin|reader>}"
role="${2:?usage: $0 <client-name> <admin|reader>}"
case "$name" in *[!A-Za-z0-9_]*) echo "client name: letters, digits and _ only" >&2; exit 2 ;; esac
case "$role" in admin|reader) ;; *) echo "role must be admin or reader" >&2; exit 2 ;; esac
key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
echo "# key for $name (keep it secret; only the hash goes into the server's environment): $key"
echo "Auth__ApiKeys__${name}__Sha256=$hash"
echo "Auth__ApiKeys__${name}__Role=$role"
