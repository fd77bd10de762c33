package io.partnersync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Sync rules")
class SyncRulesTest {

    private static final Instant T1 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-20T09:00:00Z");

    @ParameterizedTest(name = "{0}: stored ''{1}'', {2} sends ''{3}'' {4} -> ''{5}''")
    @CsvSource(nullValues = "-", value = {
            // rule,                    stored, from,    incoming, when,  result
            "two-way-newest-wins,       old,    partner, new,      newer, new",
            "two-way-newest-wins,       old,    vendor,  new,      older, old",
            "two-way-newest-wins,       old,    partner, -,        newer, -",
            "vendor-wins,               old,    vendor,  new,      older, new",
            "vendor-wins,               old,    partner, new,      newer, old",
            "vendor-wins,               -,      partner, new,      newer, -",
            "partner-wins-unless-blank, old,    partner, new,      older, new",
            "partner-wins-unless-blank, old,    partner, -,        newer, old",
            "partner-wins-unless-blank, old,    vendor,  new,      newer, old",
            "partner-wins-unless-blank, -,      vendor,  new,      newer, new",
            "never-sync,                old,    vendor,  new,      newer, old",
    })
    void merge(String rule, String stored, String from, String incoming, String when, String expected) {
        Map<String, FieldMapping> rules = Map.of("name",
                new FieldMapping("name", "x", null, null, Map.of(), null, SyncRule.fromKey(rule).orElseThrow()));
        Map<String, Object> current = new HashMap<>();
        current.put("name", stored);
        Map<String, Object> change = new HashMap<>();
        change.put("name", incoming);

        Map<String, Object> merged = SyncRules.merge(current, change, rules, from.equals("vendor"), when.equals("newer") ? T2 : T1, when.equals("newer") ? T1 : T2);

        assertThat(merged.get("name")).isEqualTo(expected);
    }
}
