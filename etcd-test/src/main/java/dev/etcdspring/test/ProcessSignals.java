package dev.etcdspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Signals to a member's process (with the {@code kill} command), and waiting until the
 * kernel reports the process stopped or running again (on Linux).
 */
final class ProcessSignals {

	private ProcessSignals() {
	}

	/**
	 * Sends a signal and waits for {@code kill} to report it sent.
	 * @param process the process
	 * @param signal the signal's name without {@code SIG}, such as {@code STOP}
	 * @param member the member's name, for messages
	 */
	static void send(Process process, String signal, String member) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not send SIG" + signal + " to member " + member);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling member " + member, ex);
		}
	}

	/**
	 * Waits up to 10 s until {@code /proc/<pid>/stat} says the process is (or is no
	 * longer) stopped. Returns at once where there is no such file (not Linux, or the
	 * process is gone).
	 * @param process the process
	 * @param stopped whether to wait for the stopped state or for leaving it
	 * @param member the member's name, for messages
	 */
	static void awaitStopped(Process process, boolean stopped, String member) {
		Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() - deadline < 0) {
			String line;
			try {
				line = Files.readString(stat);
			}
			catch (IOException | UncheckedIOException ex) {
				return; // not Linux, or the process is gone
			}
			// "pid (comm) S ...": the state follows the last ')'
			int close = line.lastIndexOf(')');
			char state = (close >= 0 && close + 2 < line.length()) ? line.charAt(close + 2) : '?';
			if ((state == 'T') == stopped) {
				return;
			}
			EtcdMember.pause(5);
		}
		throw new IllegalStateException(
				"Member " + member + " did not " + (stopped ? "stop" : "continue") + " within 10 s of the signal");
	}

}
