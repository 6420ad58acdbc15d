package dev.etcdspring.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.LeaseRenewal;

/** Records what a keep-alive reports. */
public class RecordingKeepAliveListener implements KeepAliveListener {

	public final List<LeaseRenewal> renewals = new CopyOnWriteArrayList<>();

	public final List<EtcdException> ends = new CopyOnWriteArrayList<>();

	@Override
	public void onRenewed(LeaseRenewal renewal) {
		this.renewals.add(renewal);
	}

	@Override
	public void onEnded(EtcdException reason) {
		this.ends.add(reason);
	}

}
