package dev.etcdspring.test;

/**
 * Run in a JVM of its own by {@code LoopbackPortsTests}: tries to claim the port given as
 * its argument (0: takes one with {@link LoopbackPorts#next()}) and prints
 * {@code claimed} or {@code refused}.
 */
public final class LoopbackPortsProbe {

	private LoopbackPortsProbe() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		if (port == 0) {
			LoopbackPorts.next();
			System.out.println("claimed");
		}
		else {
			System.out.println(LoopbackPorts.claim(port) ? "claimed" : "refused");
		}
	}

}
