# Runs a command on a pseudo-terminal, answers its prompt with KEYS once PROMPT appears in
# its output, and prints what it wrote, then `EXIT <code>`. Used by tests that need a real
# terminal (Ctrl-C, Ctrl-D at a prompt); Python's pty module is in every Python 3.
import os, pty, select, sys, time

prompt = os.environ["PROMPT"].encode()
keys = os.environ["KEYS"].encode().decode("unicode_escape").encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
output, sent, deadline = b"", False, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if not ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    output += data
    if not sent and prompt in output:
        time.sleep(0.2)
        os.write(fd, keys)
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode(errors="replace"))
sys.stdout.write("\nEXIT %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))
