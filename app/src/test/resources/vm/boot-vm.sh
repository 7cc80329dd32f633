#!/bin/bash
# One "VM" of the VM player (VmPlayer), run by unshare(1) as PID 1 of its own PID and mount namespaces: a scratch
# root where /etc, /opt, /var/lib and /root are overlays whose changes stay in the VM's directory, /run is a fresh
# tmpfs and /tmp the VM's own; the network is the machine's (the VM's private address is a loopback address).
# A baked VM first gets what the Packer worker build gives its image (packer/worker: the unit from packer/files,
# install.sh --from … --no-start); then the instance's user-data runs as root with the systemctl shim first on
# PATH, as cloud-init runs it. The VM lives until it is killed.
# Directories listed in VM_DIR/shared-dirs (one per line) stay the machine's inside the VM, also under /tmp (a test's
# fake tools and their logs, wherever the test's temporary directory is).
# Usage: boot-vm.sh VM_DIR   (VM_DIR: user-data, machine.env, systemctl, optionally image/ with install.sh and files/,
#                             and shared-dirs)
set -euo pipefail
vm=$1
for dir in etc opt var/lib root; do
    layer=$vm/layers/${dir//\//-}
    mkdir -p "$layer/upper" "$layer/work"
    mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layer/upper,workdir=$layer/work" "/$dir"
done
mount -t tmpfs -o mode=0755 tmpfs /run
install -d -m 0755 /run/flotilla-vm/bin
install -m 0755 "$vm/systemctl" /run/flotilla-vm/bin/systemctl
install -m 0600 "$vm/machine.env" /run/flotilla-vm/machine.env
install -m 0700 "$vm/user-data" /run/flotilla-vm/user-data
if [ -d "$vm/image" ]; then cp -a "$vm/image" /run/flotilla-vm/image; fi
shared=()
if [ -f "$vm/shared-dirs" ]; then mapfile -t shared < "$vm/shared-dirs"; fi
for i in "${!shared[@]}"; do
    mkdir -p "/run/flotilla-vm/shared/$i"
    mount --bind "${shared[$i]}" "/run/flotilla-vm/shared/$i"
done
mkdir -p "$vm/tmp"
chmod 1777 "$vm/tmp"
mount --bind "$vm/tmp" /tmp
for i in "${!shared[@]}"; do
    mkdir -p "${shared[$i]}"
    mount --bind "/run/flotilla-vm/shared/$i" "${shared[$i]}"
done
export PATH=/run/flotilla-vm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
cd /
if [ -d /run/flotilla-vm/image ]; then
    echo "vm: baking the image like packer/worker (install.sh --from … --no-start)"
    env -i PATH="$PATH" HOME=/root /bin/bash /run/flotilla-vm/image/install.sh \
        --from /run/flotilla-vm/image/files --no-start --index-url none
    echo "vm: baked; $(systemctl is-active flotilla-agent.service || true) before user-data"
fi
echo "vm: running user-data"
env -i PATH="$PATH" HOME=/root /bin/bash /run/flotilla-vm/user-data
echo "vm: user-data finished"
exec sleep infinity
