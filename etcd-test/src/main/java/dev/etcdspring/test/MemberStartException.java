package dev.etcdspring.test;

/** A member that failed to start; tells whether its port was taken. */
final class MemberStartException extends IllegalStateException {

	private final boolean portInUse;

	MemberStartException(EtcdMember member, String message) {
		super(message);
		this.portInUse = member.logTail(200).contains("address already in use");
	}

	boolean portInUse() {
		return this.portInUse;
	}

}
