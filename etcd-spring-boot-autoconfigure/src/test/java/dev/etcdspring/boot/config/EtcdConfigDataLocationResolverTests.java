package dev.etcdspring.boot.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.config.ConfigDataLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which locations are key prefixes. */
class EtcdConfigDataLocationResolverTests {

	private static List<String> prefixes(String location) {
		return EtcdConfigDataLocationResolver.prefixes(ConfigDataLocation.of(location), List.of("http://e:2379"));
	}

	@Test
	void prefixesEndWithASlashAndEtcdAloneMeansConfig() {
		assertThat(prefixes("etcd:")).containsExactly("/config/");
		assertThat(prefixes("optional:etcd:/config")).containsExactly("/config/");
		assertThat(prefixes("etcd:/config/;shared")).containsExactly("/config/", "shared/");
	}

	@Test
	void documentsAddressesWildcardsAndEmptyPartsAreNotPrefixes() {
		for (String location : List.of("etcd:/config/app.yml", "etcd:/config/app.properties", "etcd://host:2379/x",
				"etcd:http://host:2379/x", "etcd:/config/*", "etcd:/a/;", "etcd:/a b/")) {
			assertThatExceptionOfType(EtcdConfigDataException.class).as(location)
				.isThrownBy(() -> prefixes(location))
				.satisfies((ex) -> {
					assertThat(ex.getReason()).isEqualTo(EtcdConfigDataException.Reason.INVALID_LOCATION);
					assertThat(ex.getLocation()).isEqualTo(location);
					assertThat(ex.getEndpoints()).containsExactly("http://e:2379");
				});
		}
	}

}
