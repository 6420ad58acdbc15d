package dev.etcdspring.client.internal;

import java.util.Objects;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchClient;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;

/**
 * {@link WatchClient}: one stream for ordinary watches, one for require-leader watches
 * (they need the {@code hasleader} header on the stream), each opened on first use.
 */
final class WatchService implements WatchClient {

	private final Connection connection;

	private final WatchStream stream;

	private final WatchStream requireLeaderStream;

	WatchService(Connection connection, Namespace namespace) {
		this.connection = connection;
		this.stream = new WatchStream(connection, namespace, false);
		this.requireLeaderStream = new WatchStream(connection, namespace, true);
	}

	@Override
	public Watch watch(KeyRange range, WatchOptions options, WatchListener listener) {
		Objects.requireNonNull(range, "range");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(listener, "listener");
		WatchStream target = options.requireLeader() ? this.requireLeaderStream : this.stream;
		return new Watcher(target, this.connection, range, options, listener);
	}

}
