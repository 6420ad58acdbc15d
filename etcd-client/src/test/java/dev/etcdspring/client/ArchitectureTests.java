package dev.etcdspring.client;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The line between the client's API and its implementation: public types outside
 * {@code internal} never show an internal, protobuf or gRPC type in a public or protected
 * signature; the one exception is {@code dev.etcdspring.client.grpc}, the advanced
 * interceptor hook, whose purpose is to name {@code io.grpc} types.
 */
class ArchitectureTests {

	private static final JavaClasses CLIENT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.etcdspring.client");

	private static final String[] HIDDEN = { "dev.etcdspring.client.internal", "com.google.protobuf", "io.grpc" };

	@Test
	void publicApiExposesNoInternalProtobufOrGrpcType() {
		ArchRuleDefinition.classes()
			.that()
			.resideOutsideOfPackages("dev.etcdspring.client.internal..", "dev.etcdspring.client.grpc..")
			.and()
			.arePublic()
			.should(exposeOnlyPublicApiTypes())
			.check(CLIENT);
	}

	@Test
	void onlyTheInterceptorHookNamesGrpc() {
		ArchRuleDefinition.classes()
			.that()
			.resideInAPackage("dev.etcdspring.client.grpc..")
			.should()
			.onlyDependOnClassesThat()
			.resideOutsideOfPackage("dev.etcdspring.client.internal")
			.check(CLIENT);
	}

	@Test
	void theApiDoesNotDependOnTheImplementationsProtobufClasses() {
		ArchRuleDefinition.noClasses()
			.that()
			.resideOutsideOfPackages("dev.etcdspring.client.internal..", "dev.etcdspring.client.grpc..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.etcdspring.client.internal.proto..")
			.check(CLIENT);
	}

	private static ArchCondition<JavaClass> exposeOnlyPublicApiTypes() {
		return new ArchCondition<>("expose no internal, protobuf or gRPC type in a public signature") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				for (JavaCodeUnit unit : type.getCodeUnits()) {
					if (!visible(unit.getModifiers())) {
						continue;
					}
					List<JavaClass> exposed = new ArrayList<>(unit.getRawParameterTypes());
					exposed.add(unit.getRawReturnType());
					unit.getThrowsClause().getTypes().forEach(exposed::add);
					for (JavaClass used : exposed) {
						if (hidden(used)) {
							events.add(SimpleConditionEvent.violated(unit,
									unit.getFullName() + " exposes " + used.getName()));
						}
					}
				}
				for (JavaField field : type.getFields()) {
					if (visible(field.getModifiers()) && hidden(field.getRawType())) {
						events.add(SimpleConditionEvent.violated(field,
								field.getFullName() + " exposes " + field.getRawType().getName()));
					}
				}
			}
		};
	}

	private static boolean visible(java.util.Set<JavaModifier> modifiers) {
		return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
	}

	private static boolean hidden(JavaClass type) {
		JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
		for (String prefix : HIDDEN) {
			if (base.getPackageName().startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
