package io.partnersync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock extension that plays the stateful part of a Salesforce org in the shapes of the REST
 * API: sObject Collections upsert by an external id field (an unknown value creates a record with a
 * new id, a known one updates it; per-record results) and {@code queryAll}, which answers with every
 * record of the queried object (the caller's filters are not evaluated: the ingest path sorts out
 * what is unchanged). A test changes a record as a Salesforce user would with {@link #edit}.
 */
public final class SalesforceOrg implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "salesforce-org";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\s+(\\w+)");
    private static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final AtomicLong ids = new AtomicLong(1000);
    /** object -> record id -> record. */
    private final Map<String, Map<String, Map<String, Object>>> records = new ConcurrentHashMap<>();

    /** Routes collections upserts and queryAll of {@code server} to this org. */
    public void serve(WireMockServer server) {
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects/\\w+/\\w+")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(get(urlPathMatching("/services/data/v[0-9.]+/queryAll/?")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(get(urlPathMatching("/services/data/v[0-9.]+/query/?")).willReturn(aResponse().withTransformers(NAME)));
    }

    public void clear() {
        records.clear();
    }

    /** Adds a record as if a Salesforce user had created it (it must carry Id and attributes). */
    public void seed(String object, Map<String, Object> record) {
        records.computeIfAbsent(object, o -> new ConcurrentHashMap<>()).put(record.get("Id").toString(), new LinkedHashMap<>(record));
    }

    /** A Salesforce user changes fields of a record; its SystemModstamp moves on. */
    public void edit(String object, String id, Map<String, Object> changes) {
        Map<String, Object> record = records.get(object).get(id);
        record.putAll(changes);
        record.put("SystemModstamp", MODSTAMP.format(Instant.now()));
    }

    /** The record whose external id field has the value, or {@code null}. */
    public Map<String, Object> byExternalId(String object, String field, String value) {
        return records.getOrDefault(object, Map.of()).values().stream().filter(r -> value.equals(r.get(field))).findFirst().orElse(null);
    }

    public List<Map<String, Object>> all(String object) {
        return List.copyOf(records.getOrDefault(object, Map.of()).values());
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String url = event.getRequest().getUrl();
        Object body = url.contains("/queryAll") || url.contains("/query/") ? query(url) : url.split("\\?")[0].endsWith("/composite/sobjects")
                ? update(event.getRequest().getBodyAsString()) : upsert(url, event.getRequest().getBodyAsString());
        try {
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withHeader("Sforce-Limit-Info", "api-usage=25/15000").withBody(JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> query(String url) {
        String soql = URLDecoder.decode(url.substring(url.indexOf("q=") + 2), StandardCharsets.UTF_8);
        Matcher from = FROM.matcher(soql);
        String object = from.find() ? from.group(1) : "";
        List<Map<String, Object>> found = new ArrayList<>(records.getOrDefault(object, Map.of()).values());
        // the conditions Field = 'text' are applied (a reconciliation's period); the others are not
        Matcher equal = java.util.regex.Pattern.compile("(\\w+) = '([^']*)'").matcher(soql.contains(" WHERE ") ? soql.substring(soql.indexOf(" WHERE ")) : "");
        while (equal.find()) {
            String field = equal.group(1);
            String value = equal.group(2);
            found.removeIf(r -> !value.equals(String.valueOf(r.get(field))));
        }
        // ORDER BY SystemModstamp, Id, as every query PartnerSync sends asks
        found.sort(java.util.Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("SystemModstamp")))
                .thenComparing(r -> String.valueOf(r.get("Id"))));
        return Map.of("totalSize", found.size(), "done", true, "records", found);
    }

    /** PATCH composite/sobjects: update by Id; an unknown Id is ENTITY_IS_DELETED, as Salesforce answers. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> update(String body) {
        List<Map<String, Object>> results = new ArrayList<>();
        try {
            for (Map<String, Object> input : (List<Map<String, Object>>) JSON.readValue(body, Map.class).get("records")) {
                String object = String.valueOf(((Map<String, Object>) input.get("attributes")).get("type"));
                Object id = input.get("id");
                Map<String, Object> record = records.getOrDefault(object, Map.of()).get(String.valueOf(id));
                if (record == null) {
                    results.add(Map.of("id", String.valueOf(id), "success", false, "errors",
                            List.of(Map.of("statusCode", "ENTITY_IS_DELETED", "message", "entity is deleted", "fields", List.of()))));
                    continue;
                }
                input.forEach((field, value) -> {
                    if (!field.equals("attributes") && !field.equals("id")) {
                        record.put(field, value);
                    }
                });
                record.put("SystemModstamp", MODSTAMP.format(Instant.now()));
                results.add(Map.of("id", record.get("Id"), "success", true, "errors", List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> upsert(String url, String body) {
        String[] path = url.split("\\?")[0].split("/");
        String object = path[path.length - 2];
        String externalIdField = path[path.length - 1];
        Map<String, Map<String, Object>> stored = records.computeIfAbsent(object, o -> new ConcurrentHashMap<>());
        List<Map<String, Object>> results = new ArrayList<>();
        try {
            for (Map<String, Object> input : (List<Map<String, Object>>) JSON.readValue(body, Map.class).get("records")) {
                Map<String, Object> record = byExternalId(object, externalIdField, String.valueOf(input.get(externalIdField)));
                boolean created = record == null;
                if (created) {
                    String id = prefix(object) + String.format("%015d", ids.incrementAndGet());
                    record = new LinkedHashMap<>();
                    record.put("attributes", Map.of("type", object, "url", "/services/data/v62.0/sobjects/" + object + "/" + id));
                    record.put("Id", id);
                    record.put("IsDeleted", false);
                    stored.put(id, record);
                }
                input.forEach(record::put);
                record.put("attributes", Map.of("type", object, "url", "/services/data/v62.0/sobjects/" + object + "/" + record.get("Id")));
                record.put("SystemModstamp", MODSTAMP.format(Instant.now()));
                results.add(Map.of("id", record.get("Id"), "success", true, "errors", List.of(), "created", created));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    private static String prefix(String object) {
        return switch (object) {
            case "Account" -> "001";
            case "Opportunity" -> "006";
            case "Lead" -> "00Q";
            default -> "a0X";
        };
    }
}
