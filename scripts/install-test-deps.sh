#!/usr/bin/env bash
# Installs the real peers the tests run against, from Debian's packages:
# Chromium (e2e), notary + notary-server + notary-signer (interop), SoftHSM2 + OpenSC (tokens), age (backups),
# xvfb, exfat-fuse and exfatprogs (a real window, a real removable filesystem), docker-registry + skopeo + apache2-utils
# (a real registry, images pushed into it, htpasswd), libsodium23 + python3 (an independent NaCl secretbox and
# scrypt that check the cosign keys the vault writes).
set -euo pipefail
packages=(chromium notary softhsm2 opensc age openssl tar xvfb exfat-fuse exfatprogs docker-registry skopeo apache2-utils libsodium23 python3)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi
echo "test dependencies: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
