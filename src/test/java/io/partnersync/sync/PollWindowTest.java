package io.partnersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.store.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Where an incremental read starts and what it saves: sweeps of the look-back overlap once per look-back, reads after the cursor between them. */
@DisplayName("The poll window")
class PollWindowTest {

    static final Duration LOOK_BACK = Duration.ofMinutes(2);
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    @DisplayName("a first read starts at the beginning and, once complete, sets the watermark to its start minus the look-back")
    void firstRead() {
        PollWindow window = PollWindow.open(null, T0, LOOK_BACK);
        window.page(T0.minusSeconds(5), "a");

        assertThat(window.resumes()).isFalse();
        assertThat(window.from()).isEqualTo(Instant.EPOCH);
        assertThat(window.completed()).isEqualTo(new Checkpoint(T0.minusSeconds(5), "a", T0.minus(LOOK_BACK), null));
    }

    @Nested
    @DisplayName("with the cursor inside the look-back overlap")
    class InsideTheOverlap {

        /** A sweep began at T0 and completed; its last record was at T0 - 5 s. */
        final Checkpoint afterSweep = new Checkpoint(T0.minusSeconds(5), "a", T0.minus(LOOK_BACK), null);

        @Test
        @DisplayName("a read less than one look-back after the sweep began goes on strictly after the cursor and leaves the watermark")
        void betweenSweeps() {
            PollWindow window = PollWindow.open(afterSweep, T0.plusSeconds(30), LOOK_BACK);
            window.page(T0.plusSeconds(20), "b");

            assertThat(window.resumes()).isTrue();
            assertThat(window.cursor()).isEqualTo(afterSweep);
            assertThat(window.completed()).isEqualTo(new Checkpoint(T0.plusSeconds(20), "b", T0.minus(LOOK_BACK), null));
        }

        @Test
        @DisplayName("an idle read between sweeps keeps the cursor and the watermark as they were")
        void idleBetweenSweeps() {
            PollWindow window = PollWindow.open(afterSweep, T0.plusSeconds(30), LOOK_BACK);

            assertThat(window.completed()).isEqualTo(afterSweep);
        }

        @Test
        @DisplayName("one look-back after the sweep began, the next sweep starts at the watermark, where any record a read between sweeps missed lies")
        void nextSweepFromTheWatermark() {
            Checkpoint moved = new Checkpoint(T0.plusSeconds(100), "z", T0.minus(LOOK_BACK), null);
            Instant now = T0.plus(LOOK_BACK).plusSeconds(1);
            PollWindow window = PollWindow.open(moved, now, LOOK_BACK);
            window.page(T0.plusSeconds(110), "zz");

            assertThat(window.resumes()).isFalse();
            assertThat(window.from()).isEqualTo(T0.minus(LOOK_BACK)).isBefore(moved.cursorTimestamp().minus(LOOK_BACK));
            assertThat(window.completed()).isEqualTo(new Checkpoint(T0.plusSeconds(110), "zz", now.minus(LOOK_BACK), null));
        }

        @Test
        @DisplayName("a sweep cut short resumes at its cursor and, when it completes, moves the watermark from the time it began")
        void sweepCutShort() {
            Instant began = T0.plus(LOOK_BACK).plusSeconds(1);
            PollWindow first = PollWindow.open(new Checkpoint(T0.plusSeconds(100), "z", T0.minus(LOOK_BACK), null), began, LOOK_BACK);
            Checkpoint halfWay = first.page(T0.minusSeconds(60), "m");

            PollWindow second = PollWindow.open(halfWay, began.plusSeconds(10), LOOK_BACK);

            assertThat(halfWay.chainStartedAt()).isEqualTo(began);
            assertThat(second.resumes()).isTrue();
            assertThat(second.completed().watermark()).isEqualTo(began.minus(LOOK_BACK));
        }
    }

    @Test
    @DisplayName("with the cursor older than the watermark (an idle source) every read goes on strictly after the cursor and moves the watermark")
    void idleSource() {
        Checkpoint old = new Checkpoint(T0.minus(Duration.ofHours(1)), "a", T0.minus(LOOK_BACK), null);
        Instant now = T0.plusSeconds(30);
        PollWindow window = PollWindow.open(old, now, LOOK_BACK);

        assertThat(window.resumes()).isTrue();
        assertThat(window.completed()).isEqualTo(new Checkpoint(old.cursorTimestamp(), "a", now.minus(LOOK_BACK), null));
    }
}
