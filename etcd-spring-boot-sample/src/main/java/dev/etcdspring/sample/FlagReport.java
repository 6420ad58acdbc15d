package dev.etcdspring.sample;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.locks.Lock;

import dev.etcdspring.core.EtcdTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A scheduled job that one instance at a time runs, however many are deployed: it takes
 * the etcd lock {@code flag-report} (from the auto-configured {@code EtcdLockRegistry}),
 * counts the flags and stores the summary in etcd under {@code reports/flags}. An
 * instance that finds the lock taken skips its turn.
 */
@Component
class FlagReport {

	static final String KEY = "reports/flags";

	private static final Logger logger = LoggerFactory.getLogger(FlagReport.class);

	private final LockRegistry<?> locks;

	private final EtcdTemplate etcd;

	private final LeaderStatus leader;

	FlagReport(LockRegistry<?> locks, EtcdTemplate etcd, LeaderStatus leader) {
		this.locks = locks;
		this.etcd = etcd;
		this.leader = leader;
	}

	@Scheduled(fixedDelayString = "${sample.report.interval:30s}",
			initialDelayString = "${sample.report.initial-delay:1s}")
	void run() {
		Lock lock = this.locks.obtain("flag-report");
		if (!lock.tryLock()) {
			logger.debug("Another instance is writing the flag report");
			return;
		}
		try {
			Collection<Flag> flags = this.etcd.getPrefix(FlagController.PREFIX, Flag.class).values();
			long enabled = flags.stream().filter(Flag::enabled).count();
			Summary summary = new Summary(enabled, flags.size() - enabled, Instant.now().toString(),
					this.leader.candidateId());
			this.etcd.put(KEY, summary);
			logger.info("Flag report: {} on, {} off", summary.enabled(), summary.disabled());
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The report as stored in etcd.
	 *
	 * @param enabled how many flags are on
	 * @param disabled how many flags are off
	 * @param at when the report was written (ISO-8601)
	 * @param by the candidate id of the instance that wrote it
	 */
	record Summary(long enabled, long disabled, String at, String by) {
	}

}
