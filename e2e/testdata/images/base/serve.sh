# Sourced by each stand-in once it has started: the long-running part of
# the app. It stays one process (no sleep child, so docker top shows only
# PID 1) and ends with its own status, 43, on SIGTERM, so a test can tell
# the app's handler from a SIGKILL (137).
trap 'echo "$STANDIN: stopping on SIGTERM"; exit 43' TERM
echo "$STANDIN: ready"
# A pseudo-terminal master that nothing writes to: read blocks in the
# shell itself until a signal interrupts it.
exec 3<>/dev/ptmx
while :; do read -r _ <&3; done
