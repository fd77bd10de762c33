package io.partnersync.sandbox.simulator;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The org's Bulk API 2.0 ingest jobs, as
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 * describes them, for {@code upsert} by an external id with CSV data: create the job
 * ({@code POST jobs/ingest}), upload its CSV ({@code PUT jobs/ingest/{id}/batches}), close it
 * ({@code PATCH} with {@code UploadComplete}), poll its state ({@code GET jobs/ingest/{id}}: the first
 * look after closing sees {@code InProgress}, later ones {@code JobComplete}), and read
 * {@code successfulResults} ({@code sf__Id}, {@code sf__Created} and the row) and
 * {@code failedResults} ({@code sf__Id}, {@code sf__Error} and the row). A cell of {@code #N/A} sets
 * the field to null, an empty cell leaves it as it was. Values are kept as the CSV's text.
 */
final class BulkIngest {

    private static final String NULL = "#N/A";
    private static final CsvMapper CSV = new CsvMapper();

    private final SalesforceSimulator org;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    private static final class Job {
        final String id;
        final String object;
        final String externalIdField;
        final StringBuilder data = new StringBuilder();
        String state = "Open";
        boolean seenInProgress;
        final List<Map<String, String>> succeeded = new ArrayList<>();
        final List<Map<String, String>> failed = new ArrayList<>();

        Job(String id, String object, String externalIdField) {
            this.id = id;
            this.object = object;
            this.externalIdField = externalIdField;
        }
    }

    BulkIngest(SalesforceSimulator org) {
        this.org = org;
    }

    synchronized Simulator.Answer answer(String method, String jobId, String part, String body) {
        if (jobId == null) {
            if (!method.equals("POST")) {
                return error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed");
            }
            Map<String, Object> request = read(body);
            if (!"upsert".equals(request.get("operation")) || request.get("externalIdFieldName") == null) {
                return error(400, "INVALIDJOB", "this org simulates upsert jobs by an external id only");
            }
            Job job = new Job("750SIM" + String.format("%012d", ids.incrementAndGet()), String.valueOf(request.get("object")),
                    String.valueOf(request.get("externalIdFieldName")));
            jobs.put(job.id, job);
            return Simulator.Answer.ok(info(job));
        }
        Job job = jobs.get(jobId);
        if (job == null) {
            return error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        if ("batches".equals(part) && method.equals("PUT")) {
            if (!job.state.equals("Open")) {
                return error(409, "INVALIDJOBSTATE", "the job is " + job.state + ", data can only be uploaded while it is Open");
            }
            job.data.append(body);
            return new Simulator.Answer(201, null, Map.of());
        }
        if ("successfulResults".equals(part) || "failedResults".equals(part)) {
            boolean ok = "successfulResults".equals(part);
            return new Simulator.Answer(200, new Simulator.Text("text/csv", csv(ok ? job.succeeded : job.failed, ok ? "sf__Created" : "sf__Error")), Map.of());
        }
        if (part == null && method.equals("PATCH")) {
            String state = String.valueOf(read(body).get("state"));
            if (state.equals("Aborted")) {
                job.state = "Aborted";
            } else if (state.equals("UploadComplete")) {
                process(job);
                Map<String, Object> info = info(job);
                info.put("state", "UploadComplete");
                return Simulator.Answer.ok(info);
            }
            return Simulator.Answer.ok(info(job));
        }
        if (part == null && method.equals("GET")) {
            Map<String, Object> info = info(job);
            if (job.state.equals("JobComplete") && !job.seenInProgress) {
                job.seenInProgress = true;
                info.put("state", "InProgress");
            }
            return Simulator.Answer.ok(info);
        }
        return error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed");
    }

    private void process(Job job) {
        List<Map<String, String>> rows = rows(job.data.toString());
        List<Map<String, Object>> records = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, Object> record = new LinkedHashMap<>();
            row.forEach((field, value) -> {
                if (NULL.equals(value)) {
                    record.put(field, null);
                } else if (value != null && !value.isEmpty()) {
                    record.put(field, value);
                }
            });
            records.add(record);
        }
        List<Map<String, Object>> results = records.isEmpty() ? List.of() : org.upsertRows(job.object, job.externalIdField, records);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> result = results.get(i);
            Map<String, String> line = new LinkedHashMap<>();
            if (Boolean.TRUE.equals(result.get("success"))) {
                line.put("sf__Id", String.valueOf(result.get("id")));
                line.put("sf__Created", String.valueOf(result.get("created")));
                line.putAll(rows.get(i));
                job.succeeded.add(line);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = ((List<Map<String, Object>>) result.get("errors")).get(0);
                line.put("sf__Id", "");
                line.put("sf__Error", error.get("statusCode") + ":" + error.get("message"));
                line.putAll(rows.get(i));
                job.failed.add(line);
            }
        }
        job.state = "JobComplete";
    }

    private static Map<String, Object> info(Job job) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", job.id);
        info.put("operation", "upsert");
        info.put("object", job.object);
        info.put("externalIdFieldName", job.externalIdField);
        info.put("contentType", "CSV");
        info.put("lineEnding", "LF");
        info.put("apiVersion", 62.0);
        info.put("state", job.state);
        info.put("numberRecordsProcessed", job.succeeded.size() + job.failed.size());
        info.put("numberRecordsFailed", job.failed.size());
        return info;
    }

    private static List<Map<String, String>> rows(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("the uploaded CSV is not readable", e);
        }
    }

    private static String csv(List<Map<String, String>> lines, String second) {
        List<String> columns = new ArrayList<>(List.of("sf__Id", second));
        lines.forEach(line -> line.keySet().forEach(c -> {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> read(String body) {
        try {
            return new ObjectMapper().readValue(body == null || body.isBlank() ? "{}" : body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }

    private static Simulator.Answer error(int status, String code, String message) {
        return new Simulator.Answer(status, List.of(Map.of("errorCode", code, "message", message)), Map.of());
    }
}
