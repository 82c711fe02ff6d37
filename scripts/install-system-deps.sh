#!/usr/bin/env bash
# Installs the system packages the integration tests use (Debian/Ubuntu, as root):
# Prometheus (real scrapes and PromQL), a JDK 17 (real GC logs, heap dumps, jcmd), bindfs
# (FUSE mounts that tests hang with SIGSTOP to play a hung NFS mount), Alertmanager (Debian names the
# binary prometheus-alertmanager) and amtool
# (end-to-end alert routing with real grouping, repeats and HA peers), the build tools `npm ci` needs
# to compile node-pty (ptys of the Kubernetes simulator's process runtime), and util-linux's
# unshare/nsenter/setpriv (its private container roots).
# Safe to run again: installs only what is missing.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v jcmd >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v bindfs >/dev/null 2>&1 || missing+=(bindfs)
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v fusermount3 >/dev/null 2>&1 || command -v fusermount >/dev/null 2>&1 || missing+=(fuse3)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} (run this script as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
