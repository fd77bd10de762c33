package example.memorycrm;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.Mapping;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.SourceReader;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The {@code memory} connector kind: reads a {@link MemoryCrm} page by page after the engine's
 * cursor, writes by upsert on the field that holds PartnerSync's id, and answers a value the CRM
 * refuses as that record's failure. Everything PartnerSync needs of a kind, and nothing else.
 */
@Component
public class MemoryKind implements ConnectorKind<MemoryKind.Settings>, BeanFactoryAware {

    /**
     * @param idField the CRM field holding PartnerSync's id
     * @param pageSize records per read call
     * @param lookBack how far before the cursor a sweep reads again
     */
    public record Settings(@NotBlank @DefaultValue("partnersync_id") String idField, @Positive @DefaultValue("100") int pageSize,
                           @NotNull @DefaultValue("PT1M") Duration lookBack) {
    }

    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    private MemoryCrm crm() {
        return beans.getBean(MemoryCrm.class);
    }

    @Override
    public String key() {
        return "memory";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public Duration lookBack(Settings settings) {
        return settings.lookBack();
    }

    @Override
    public String ownIdPath(Settings settings) {
        return settings.idField();
    }

    @Override
    public SourceReader reader() {
        return new SourceReader() {
            @Override
            public Page read(ConnectorProperties connector, Mapping mapping, Position position) {
                Settings settings = connector.settings(Settings.class);
                List<Map<String, Object>> page;
                if (position.continuation() != null) {
                    String[] last = position.continuation().split("\\|", 2);
                    page = crm().changes(null, Instant.parse(last[0]), last[1], settings.pageSize());
                } else if (position.afterTimestamp() != null) {
                    page = crm().changes(null, position.afterTimestamp(), position.afterId(), settings.pageSize());
                } else {
                    page = crm().changes(position.from(), null, null, settings.pageSize());
                }
                if (page.isEmpty()) {
                    return Page.empty();
                }
                Map<String, Object> last = page.get(page.size() - 1);
                String continuation = page.size() < settings.pageSize() ? null : last.get("modified") + "|" + last.get("id");
                return new Page(page, Instant.parse((String) last.get("modified")), (String) last.get("id"), continuation, position.continuation() == null);
            }

            @Override
            public List<Map<String, Object>> readByIds(ConnectorProperties connector, EntityType entity, List<String> ids) {
                return crm().byIds(ids);
            }

            @Override
            public String testConnection(ConnectorProperties connector) {
                return "memory CRM answered; it holds " + crm().all().size() + " records";
            }
        };
    }

    @Override
    public ConnectorWriter writer() {
        return new ConnectorWriter() {
            @Override
            public int maxRecordsPerRun(ConnectorProperties connector) {
                return 100;
            }

            @Override
            public List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records) {
                String idField = connector.settings(Settings.class).idField();
                List<WriteResult> results = new ArrayList<>();
                for (OutboundRecord record : records) {
                    try {
                        String id = crm().upsert(record.externalId(), idField, record.id().toString(), new LinkedHashMap<>(record.crmFields()));
                        results.add(new Written(record, id));
                    } catch (IllegalArgumentException refused) {
                        results.add(new Failed(record, FailureCategory.VALIDATION, "the memory CRM refused it: " + refused.getMessage(), false));
                    }
                }
                return results;
            }
        };
    }
}
