package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.partnersync.canonical.CustomerKey;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.sync.spi.ConnectorWriter.Failed;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.ConnectorWriter.WriteResult;
import io.partnersync.sync.spi.ConnectorWriter.Written;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import io.partnersync.sync.spi.ConnectorWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links what PartnerSync wrote into a portal to the end customer's company there: deals and
 * contacts are associated with a company, so the rep sees deal, company and contact together.
 *
 * <p>The company is upserted by the portal's unique PartnerSync-id property holding the customer
 * key ({@code domain:contoso.com}, or {@code name:contoso} without a domain), so every deal and
 * contact of one customer in one portal meets at one company, and a retry creates none twice.
 * Per relay run this costs one companies upsert per 100 new companies and one v4 batch association
 * per 2,000 records. What a
 * portal already has (a customer's company id, a record already linked to it) is remembered in a
 * bounded cache per portal, so rewriting updated records costs no association calls; the cache is
 * an optimization only: after a restart, or when a call fails and the entries involved are
 * forgotten, the idempotent upsert and association simply run again.
 */
@Component
class HubSpotAssociations {

    private static final int REMEMBERED = 200_000;
    /** Inputs per v4 batch association call (https://developers.hubspot.com/docs/api/crm/associations). */
    static final int ASSOCIATION_LIMIT = 2_000;

    /** HubSpot's refusal of a batch for its size, with the maximum when it names one. */
    private static final Pattern SIZE_REFUSED = Pattern.compile("(?i)batch input size \\d+ exceeds the maximum(?: of (\\d+))?|too many inputs|exceeds the batch size");

    private static final Logger log = LoggerFactory.getLogger(HubSpotAssociations.class);

    private final HubSpotClients clients;
    private final ObjectMapper json;
    /** "connector|customer key" -> company id in that portal. */
    private final Cache<String, String> companyCache = Caffeine.newBuilder().maximumSize(REMEMBERED).build();
    /** Per portal, the association batch size it took last: starts at {@link #ASSOCIATION_LIMIT}, smaller once a portal refused that. */
    private final Map<String, Integer> batchSizes = new ConcurrentHashMap<>();
    /** "connector|object type|record id" -> the company id it is linked to. */
    private final Cache<String, String> linkCache = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    HubSpotAssociations(HubSpotClients clients, ObjectMapper json) {
        this.clients = clients;
        this.json = json;
    }

    /** Links the written records to their companies; returns {@code results}, a record whose link failed as written but unfinished. */
    List<WriteResult> associate(ConnectorProperties connector, EntityType type, String objectType, List<OutboundRecord> records,
                                List<WriteResult> results) {
        if (!HubSpotSettings.of(connector).associate() || (type != EntityType.DEAL && type != EntityType.LEAD)) {
            return results;
        }
        Set<OutboundRecord> linked = Collections.newSetFromMap(new IdentityHashMap<>());
        linked.addAll(records);
        Map<String, Customer> customerOf = new LinkedHashMap<>();
        for (WriteResult result : results) {
            if (result instanceof Written written && linked.contains(written.record())) {
                Map<String, Object> fields = written.record().fields();
                String domain = text(fields.get(type == EntityType.DEAL ? "customerDomain" : "domain"));
                String name = text(fields.get(type == EntityType.DEAL ? "customerName" : "company"));
                String key = CustomerKey.of(domain, name);
                String company = key == null ? null : companyCache.getIfPresent(connector.name() + "|" + key);
                if (key != null && (company == null || !company.equals(linkCache.getIfPresent(linkKey(connector, objectType, written.externalId()))))) {
                    customerOf.put(written.externalId(), new Customer(key, name, domain));
                }
            }
        }
        if (customerOf.isEmpty()) {
            return results;
        }
        try {
            try {
                link(connector, objectType, customerOf, true);
            } catch (CategorizedException e) {
                if (e.category() != FailureCategory.VALIDATION) {
                    throw e;
                }
                // a remembered company may have been deleted or merged in the portal: forget, upsert it again, link again
                forget(connector, objectType, customerOf);
                link(connector, objectType, customerOf, false);
            }
            return results;
        } catch (CategorizedException e) {
            // The records themselves were written: they stay Written (so their ids are recorded and
            // our own objects are never read back as new ones); the missing link is unfinished, kept
            // as an outbound failure whose replay writes the record, and links it, again.
            forget(connector, objectType, customerOf);
            List<WriteResult> answered = new ArrayList<>();
            for (WriteResult result : results) {
                if (result instanceof Written w && customerOf.containsKey(w.externalId())) {
                    log.warn("{} {} written to {} but not linked to its company: {}", type.key(), w.record().id(), connector.name(), e.getMessage());
                    answered.add(new Written(w.record(), w.externalId(),
                            new ConnectorWriter.Unfinished(e.category(), "written, but not linked to its company: " + e.getMessage())));
                } else {
                    answered.add(result);
                }
            }
            return answered;
        }
    }

    /** Forgets what is remembered about a portal, for an operator who restored or reset it. */
    void forget(String connectorName) {
        companyCache.asMap().keySet().removeIf(k -> k.startsWith(connectorName + "|"));
        linkCache.asMap().keySet().removeIf(k -> k.startsWith(connectorName + "|"));
    }

    private record Customer(String key, String name, String domain) {
    }

    /** Upserts the companies not remembered (or all, without the cache), then links every record to its company. */
    private void link(ConnectorProperties connector, String objectType, Map<String, Customer> customerOf, boolean useCache) {
        Map<String, String> companyIds = new LinkedHashMap<>();
        Map<String, ObjectNode> missing = new LinkedHashMap<>();
        for (Customer customer : customerOf.values()) {
            String cached = useCache ? companyCache.getIfPresent(connector.name() + "|" + customer.key()) : null;
            if (cached != null) {
                companyIds.put(customer.key(), cached);
            } else {
                missing.computeIfAbsent(customer.key(), k -> company(connector, k, customer.name(), customer.domain()));
            }
        }
        List<ObjectNode> toUpsert = List.copyOf(missing.values());
        for (int from = 0; from < toUpsert.size(); from += HubSpotWriter.BATCH_LIMIT) {
            companyIds.putAll(upsertCompanies(connector, toUpsert.subList(from, Math.min(from + HubSpotWriter.BATCH_LIMIT, toUpsert.size()))));
        }
        List<Map.Entry<String, Customer>> links = List.copyOf(customerOf.entrySet());
        for (int from = 0; from < links.size(); ) {
            int size = batchSizes.getOrDefault(connector.name(), ASSOCIATION_LIMIT);
            List<Map.Entry<String, Customer>> batch = links.subList(from, Math.min(from + size, links.size()));
            ObjectNode body = json.createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            for (var link : batch) {
                String companyId = companyIds.get(link.getValue().key());
                if (companyId != null) {
                    ObjectNode input = inputs.addObject();
                    input.putObject("from").put("id", link.getKey());
                    input.putObject("to").put("id", companyId);
                }
            }
            JsonNode answer;
            try {
                answer = clients.of(connector).associateDefault(objectType, "companies", body);
            } catch (CategorizedException e) {
                int smaller = smallerBatch(e, batch.size());
                if (smaller == 0) {
                    throw e;
                }
                // the portal refused the batch's size, not a record: send smaller batches from now on
                log.info("HubSpot portal {} takes at most {} associations per call; linking in batches of that size", connector.name(), smaller);
                batchSizes.put(connector.name(), smaller);
                continue;
            }
            if (answer.path("numErrors").asInt(0) > 0) {
                throw new CategorizedException(FailureCategory.VALIDATION, "HubSpot refused to link some records to their company: "
                        + answer.path("errors").path(0).path("message").asText("unknown reason"), null);
            }
            from += batch.size();
        }
        if (customerOf.values().stream().anyMatch(c -> !companyIds.containsKey(c.key()))) {
            throw new CategorizedException(FailureCategory.VALIDATION, "HubSpot refused to link some records to their company: a company could not be written", null);
        }
        companyIds.forEach((key, id) -> companyCache.put(connector.name() + "|" + key, id));
        customerOf.forEach((recordId, customer) -> linkCache.put(linkKey(connector, objectType, recordId), companyIds.get(customer.key())));
    }

    /**
     * The batch size to try after a refusal of a batch's size ("Batch input size 2000 exceeds the
     * maximum of 100"): the maximum the portal names, or half; 0 when the refusal is not about size.
     */
    static int smallerBatch(CategorizedException e, int size) {
        if (e.category() != FailureCategory.VALIDATION || size <= 1 || e.getMessage() == null) {
            return 0;
        }
        Matcher maximum = SIZE_REFUSED.matcher(e.getMessage());
        if (!maximum.find()) {
            return 0;
        }
        int named = maximum.group(1) == null ? 0 : Integer.parseInt(maximum.group(1));
        return named > 0 && named < size ? named : size / 2;
    }

    private void forget(ConnectorProperties connector, String objectType, Map<String, Customer> customerOf) {
        customerOf.forEach((recordId, customer) -> {
            companyCache.invalidate(connector.name() + "|" + customer.key());
            linkCache.invalidate(linkKey(connector, objectType, recordId));
        });
    }

    private static String linkKey(ConnectorProperties connector, String objectType, String recordId) {
        return connector.name() + "|" + objectType + "|" + recordId;
    }

    private ObjectNode company(ConnectorProperties connector, String key, String name, String domain) {
        String unique = HubSpotSettings.of(connector).uniqueProperty();
        ObjectNode input = json.createObjectNode().put("idProperty", unique).put("id", key);
        ObjectNode properties = input.putObject("properties").put(unique, key);
        if (name != null) {
            properties.put("name", name);
        }
        if (domain != null) {
            properties.put("domain", domain);
        }
        return input;
    }

    /** Customer key to the company's id in the portal. */
    private Map<String, String> upsertCompanies(ConnectorProperties connector, Iterable<ObjectNode> companies) {
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        companies.forEach(inputs::add);
        JsonNode answer = clients.of(connector).batchUpsert("companies", body);
        Map<String, String> ids = new LinkedHashMap<>();
        String unique = HubSpotSettings.of(connector).uniqueProperty();
        for (JsonNode result : answer.path("results")) {
            ids.put(result.path("properties").path(unique).asText(), result.path("id").asText());
        }
        return ids;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
