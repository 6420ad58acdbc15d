package dev.etcdspring.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answers with the greeting that etcd holds: change it there and the answer changes. */
@RestController
class GreetingController {

	private final GreetingSettings settings;

	GreetingController(GreetingSettings settings) {
		this.settings = settings;
	}

	@GetMapping("/greeting")
	String greeting() {
		return this.settings.getMessage();
	}

}
