package dev.etcdspring.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;

/**
 * The watch parts of the JSON report: throughput and scale, each client's figures and
 * runs.
 */
final class WatchJson {

	private WatchJson() {
	}

	static Map<String, Object> watchThroughput(Report report) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("writer",
				"raw stubs on a channel, event loop and executor of their own in each worker, the same for every client");
		List<Object> clients = new ArrayList<>();
		for (ClientKind client : ClientKind.values()) {
			report.watchThroughput(client).ifPresent((cell) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("client", client.id());
				entry.put("eventsPerSecond", cell.eventsPerSecond());
				entry.put("spread", cell.spread());
				entry.put("lastEventDelayMillis", cell.lastEventDelayMillis());
				entry.put("delayMillisP50", cell.delayMillis(50));
				entry.put("delayMillisP99", cell.delayMillis(99));
				entry.put("clientCpuMicrosPerEvent", cell.clientCpuMicrosPerEvent());
				entry.put("watcherCpuMicrosPerEvent", cell.watcherCpuMicrosPerEvent());
				entry.put("watcherCpuMicrosPerEventWithoutJit", cell.watcherCpuMicrosPerEventWithoutJit());
				entry.put("etcdCpuMicrosPerEvent", cell.etcdCpuMicrosPerEvent());
				entry.put("allocatedBytesPerEvent", cell.allocatedBytesPerEvent());
				entry.put("received", cell.received());
				entry.put("expected", cell.expected());
				entry.put("anomalies", cell.anomalies());
				entry.put("complete", cell.complete());
				entry.put("firstError", cell.firstError());
				entry.put("rounds", cell.rounds().stream().map(WatchJson::watchRound).toList());
				clients.add(entry);
			});
		}
		json.put("clients", clients);
		Map<String, Object> ratios = new LinkedHashMap<>();
		report.compareWatchThroughput(Report.FLOOR).ifPresent((ratio) -> {
			ratios.put("oursVsRawDirect", ratio);
			ratios.put("meetsTarget", ratio >= Report.WATCH_THROUGHPUT_TARGET);
		});
		report.compareWatchThroughput(ClientKind.RAW_DEFAULT)
			.ifPresent((ratio) -> ratios.put("oursVsRawDefault", ratio));
		report.compareWatchThroughput(ClientKind.JETCD).ifPresent((ratio) -> ratios.put("oursVsJetcd", ratio));
		json.put("eventsPerSecondRatios", ratios);
		return json;
	}

	private static Map<String, Object> watchRound(WatchThroughputResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("eventsPerSecond", round.eventsPerSecond());
		json.put("millis", round.nanos() / 1e6);
		json.put("lastEventDelayMillis", round.lastEventDelayNanos() / 1e6);
		json.put("received", round.received());
		json.put("distinct", round.distinct());
		json.put("duplicates", round.duplicates());
		json.put("outOfOrder", round.outOfOrder());
		json.put("badEvents", round.badEvents());
		json.put("putErrors", round.putErrors());
		json.put("clientCpuMillis", round.usage().cpuNanos() / 1e6);
		json.put("writerCpuMillis", round.writerCpuNanos() / 1e6);
		json.put("jitMillis", round.usage().jitMillis());
		json.put("jitCpuMillis", round.usage().jitCpuNanos() / 1e6);
		json.put("etcdCpuMillis", round.usage().etcdCpuNanos() / 1e6);
		json.put("allocatedBytes", round.usage().allocatedBytes());
		json.put("error", round.error());
		return json;
	}

	static Map<String, Object> watchScale(Report report) {
		Map<String, Object> json = new LinkedHashMap<>();
		Map<String, Object> targets = new LinkedHashMap<>();
		targets.put("openMillisBelow", Report.WATCH_OPEN_TARGET_MILLIS);
		targets.put("heapBytesPerWatchBelow", Report.WATCH_HEAP_TARGET_BYTES);
		targets.put("threadsAddedAtMost", Report.WATCH_THREADS_TARGET);
		json.put("targets", targets);
		List<Object> clients = new ArrayList<>();
		for (ClientKind client : ClientKind.values()) {
			report.watchScale(client).ifPresent((cell) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("client", client.id());
				entry.put("watches", cell.watches());
				entry.put("openMillis", cell.openMillis());
				entry.put("callMillis", cell.callMillis());
				entry.put("heapBytesPerWatch", cell.heapBytesPerWatch());
				entry.put("threadsAdded", cell.threadsAdded());
				entry.put("probes", cell.probes());
				entry.put("probesDelivered", cell.probesDelivered());
				entry.put("deliveryMillis", cell.deliveryMillis());
				entry.put("closeMillis", cell.closeMillis());
				entry.put("complete", cell.complete());
				entry.put("meetsOpenTarget", cell.meetsOpenTarget());
				entry.put("meetsHeapTarget", cell.meetsHeapTarget());
				entry.put("meetsThreadsTarget", cell.meetsThreadsTarget());
				entry.put("firstError", cell.firstError());
				entry.put("rounds", cell.rounds().stream().map(WatchJson::scaleRound).toList());
				clients.add(entry);
			});
		}
		json.put("clients", clients);
		json.put("warmups", report.scaleWarmups().stream().map((warmup) -> {
			Map<String, Object> entry = scaleRound(warmup);
			entry.put("client", warmup.client());
			entry.put("watches", warmup.watches());
			return entry;
		}).toList());
		return json;
	}

	private static Map<String, Object> scaleRound(WatchScaleResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("created", round.created());
		json.put("openMillis", round.openNanos() / 1e6);
		json.put("callMillis", round.callNanos() / 1e6);
		json.put("heapBeforeBytes", round.heapBeforeBytes());
		json.put("heapAfterBytes", round.heapAfterBytes());
		json.put("threadsBefore", round.threadsBefore());
		json.put("threadsAfter", round.threadsAfter());
		json.put("newThreads", round.newThreads());
		json.put("probesDelivered", round.probesDelivered());
		json.put("strayEvents", round.strayEvents());
		json.put("deliveryMillis", round.deliveryNanos() / 1e6);
		json.put("closeMillis", round.closeNanos() / 1e6);
		json.put("openCpuMillis", round.open().cpuNanos() / 1e6);
		json.put("openAllocatedBytes", round.open().allocatedBytes());
		json.put("error", round.error());
		return json;
	}

}
