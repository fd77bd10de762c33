package io.partnersync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import io.partnersync.sync.spi.RowWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

@DisplayName("The order of the domain steps")
class DomainStepsTest {

    @Test
    @DisplayName("is the declared one, whatever order the steps are registered in; a step not declared runs after the declared ones")
    void declaredOrder() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("extra", step("a plug-in's step", EntityType.DEAL));
        beans.addBean("payouts", step("payouts", EntityType.DEAL));
        beans.addBean("distribution", step("distribution", EntityType.LEAD));
        beans.addBean("registration", step("registration", EntityType.DEAL));

        DomainSteps steps = new DomainSteps(beans.getBeanProvider(DomainStep.class), beans.getBeanProvider(RowWriter.class));

        assertThat(steps.of(EntityType.DEAL)).extracting(DomainStep::name).containsExactly("registration", "payouts", "a plug-in's step");
        assertThat(steps.of(EntityType.LEAD)).extracting(DomainStep::name).containsExactly("distribution");
        assertThat(steps.of(EntityType.ACCOUNT)).isEmpty();
    }

    record Kept(String what) implements Effects.Row {
    }

    record Unknown() implements Effects.Row {
    }

    @Test
    @DisplayName("a step's rows go to the writer of their type, in order; a row no writer takes is refused with its type")
    void rowsGoToTheirWriter() {
        List<Kept> written = new ArrayList<>();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("kept", new RowWriter<Kept>() {
            @Override
            public Class<Kept> type() {
                return Kept.class;
            }

            @Override
            public void write(Kept row) {
                written.add(row);
            }
        });
        DomainSteps steps = new DomainSteps(beans.getBeanProvider(DomainStep.class), beans.getBeanProvider(RowWriter.class));

        steps.write(List.of(new Kept("first"), new Kept("second")));

        assertThat(written).extracting(Kept::what).containsExactly("first", "second");
        assertThatThrownBy(() -> steps.write(List.of(new Unknown()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no RowWriter is registered for").hasMessageContaining("Unknown");
    }

    private static DomainStep<CanonicalRecord> step(String name, EntityType entity) {
        return new DomainStep<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EntityType entity() {
                return entity;
            }

            @Override
            public Effects<CanonicalRecord> apply(Change<CanonicalRecord> change) {
                throw new UnsupportedOperationException("not called here");
            }
        };
    }
}
