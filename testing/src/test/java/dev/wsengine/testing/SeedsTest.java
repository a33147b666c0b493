package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedsTest {
  /** The seed a run starts with: 0, or the one -Dwsengine.test.seed names when replaying. */
  private static final long FIRST = Long.parseLong(System.getProperty(Seeds.PROPERTY, "0").strip());

  @Test
  void failureNamesTheSeedAndHowToReplayIt_withTheOriginalAsCause() {
    AssertionError original = new AssertionError("boom");

    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                Seeds.forEach(
                    3,
                    seed -> {
                      throw original;
                    }));

    assertThat(failure)
        .hasMessageThat()
        .isEqualTo(
            "failed with seed "
                + FIRST
                + "; replay it alone with -Dwsengine.test.seed="
                + FIRST
                + ": java.lang.AssertionError: boom");
    assertThat(failure).hasCauseThat().isSameInstanceAs(original);
  }

  @Test
  void runsEachSeedInTurn_orOnlyTheOneThePropertyNames() {
    List<Long> seen = new ArrayList<>();

    Seeds.forEach(3, seen::add);

    assertThat(seen)
        .containsExactlyElementsIn(
            System.getProperty(Seeds.PROPERTY) == null ? List.of(0L, 1L, 2L) : List.of(FIRST))
        .inOrder();
  }
}
