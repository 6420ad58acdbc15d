package dev.etcdspring.annotation;

import java.util.List;
import java.util.Set;

import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.BeanInitializationException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What start-up says about methods and attributes it cannot serve. */
class EtcdWatchSignatureTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private void assertStartFails(Class<?> listener, String... fragments) {
		var failure = assertThatExceptionOfType(BeanInitializationException.class)
			.isThrownBy(() -> WatchContexts.start(etcd.endpoints(), "signature/", listener).close());
		for (String fragment : fragments) {
			failure.withMessageContaining(fragment);
		}
	}

	static class PrimitiveValue {

		@EtcdWatch("k")
		void onEvent(@EtcdValue int count) {
		}

	}

	@Test
	void aPrimitiveValueCannotTakeTheNullOfADelete() {
		assertStartFails(PrimitiveValue.class, "@EtcdWatch method EtcdWatchSignatureTests.PrimitiveValue.onEvent(int)",
				"of bean 'etcdWatchSignatureTests.PrimitiveValue'", "parameter 1 (int count)",
				"the value is null for a delete", "use Integer");
	}

	static class PutsOnlyPrimitive {

		@EtcdWatch(key = "k", types = WatchEvent.Type.PUT)
		void onEvent(int count) {
		}

	}

	@Test
	void aPrimitiveValueIsFineWhenNoDeleteIsDelivered() {
		WatchContexts.start(etcd.endpoints(), "signature/", PutsOnlyPrimitive.class).close();
	}

	static class ThreeUnannotated {

		@EtcdWatch("k")
		void onEvent(String key, String value, String third) {
		}

	}

	@Test
	void onlyTheKeyAndTheValueGoWithoutAnnotation() {
		assertStartFails(ThreeUnannotated.class, "parameter 3 (String third)", "mark parameters with @EtcdKey");
	}

	static class KeyAsNumber {

		@EtcdWatch("k")
		void onEvent(Integer key, String value) {
		}

	}

	@Test
	void ofTwoUnannotatedParametersTheFirstIsAKey() {
		assertStartFails(KeyAsNumber.class, "parameter 1 (Integer key)", "the first is the key");
	}

	static class BadKeyType {

		@EtcdWatch("k")
		void onEvent(@EtcdKey Long key) {
		}

	}

	@Test
	void aKeyIsText() {
		assertStartFails(BadKeyType.class, "parameter 1 (Long key)", "a key is a String, byte[] or ByteSequence");
	}

	static class PrevWithoutPrevKv {

		@EtcdWatch("k")
		void onEvent(@EtcdPrevValue String previous) {
		}

	}

	@Test
	void previousValuesNeedPrevKv() {
		assertStartFails(PrevWithoutPrevKv.class, "parameter 1 (String previous)", "set prevKv = true");
	}

	static class BatchWithKey {

		@EtcdWatch(key = "k", prefix = true)
		void onEvents(List<WatchEvent> events, @EtcdKey String key) {
		}

	}

	@Test
	void aBatchListenerTakesNoPerEventParameter() {
		assertStartFails(BatchWithKey.class, "parameter 2 (String key)", "a batch listener");
	}

	static class ListOfStrings {

		@EtcdWatch("k")
		void onEvents(List<String> values) {
		}

	}

	@Test
	void aListIsAListOfEvents() {
		assertStartFails(ListOfStrings.class, "parameter 1 (List<String> values)", "List<WatchEvent>");
	}

	static class SetOfEvents {

		@EtcdWatch("k")
		void onEvents(Set<WatchEvent> events) {
		}

	}

	@Test
	void aSetIsNoBatch() {
		assertStartFails(SetOfEvents.class, "parameter 1 (Set<WatchEvent> events)");
	}

	static class RevisionAsText {

		@EtcdWatch("k")
		void onEvent(@EtcdRevision String revision) {
		}

	}

	@Test
	void aRevisionIsALong() {
		assertStartFails(RevisionAsText.class, "parameter 1 (String revision)", "long or Long");
	}

	static class NoKey {

		@EtcdWatch
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void aKeyIsNeeded() {
		assertStartFails(NoKey.class, "NoKey.onEvent(WatchEvent)", "has no key");
	}

	static class UnresolvedPlaceholder {

		@EtcdWatch("${no.such.property}")
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void anUnresolvedPlaceholderIsNamed() {
		assertStartFails(UnresolvedPlaceholder.class, "key '${no.such.property}'", "no property defines");
	}

	static class PrefixAndRange {

		@EtcdWatch(key = "a", prefix = true, rangeEnd = "b")
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void aPrefixIsNoRange() {
		assertStartFails(PrefixAndRange.class, "sets both prefix and rangeEnd");
	}

	static class BadRevision {

		@EtcdWatch(key = "a", startRevision = "yesterday")
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void aStartRevisionIsANumber() {
		assertStartFails(BadRevision.class, "startRevision 'yesterday'", "not a revision");
	}

	static class InitialLoadOfDeletes {

		@EtcdWatch(key = "a", initialLoad = true, types = WatchEvent.Type.DELETE)
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void anInitialLoadDeliversPuts() {
		assertStartFails(InitialLoadOfDeletes.class, "InitialLoadOfDeletes.onEvent(WatchEvent)",
				"drop initialLoad or deliver PUT events too");
	}

	static class MissingExecutor {

		@EtcdWatch(key = "a", executor = "nowhere")
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void aNamedBeanMustExist() {
		assertStartFails(MissingExecutor.class, "executor names the bean 'nowhere'", "no Executor bean");
	}

	static class SameId {

		@EtcdWatch(id = "twin", key = "a")
		void one(WatchEvent event) {
		}

		@EtcdWatch(id = "twin", key = "b")
		void other(WatchEvent event) {
		}

	}

	@Test
	void idsAreUnique() {
		assertStartFails(SameId.class, "the id 'twin' is taken");
	}

	static class NoTypes {

		@EtcdWatch(key = "a", types = {})
		void onEvent(WatchEvent event) {
		}

	}

	@Test
	void atLeastOneEventType() {
		assertStartFails(NoTypes.class, "NoTypes.onEvent(WatchEvent)", "at least one event type");
	}

}
