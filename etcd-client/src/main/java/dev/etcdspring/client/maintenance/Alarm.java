package dev.etcdspring.client.maintenance;

/**
 * A raised alarm.
 *
 * @param memberId the member that raised it
 * @param type what it is about
 */
public record Alarm(long memberId, Type type) {

	/** Kinds of alarm. */
	public enum Type {

		/**
		 * The database reached its quota: writes are refused until space is freed and the
		 * alarm disarmed.
		 */
		NOSPACE,

		/** The member's data differs from the others'. */
		CORRUPT

	}

}
