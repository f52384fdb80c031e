package dozvon.edge.http;

import dozvon.core.report.Heatmap;
import dozvon.core.report.Kpi;
import dozvon.core.report.StaffingPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reports as the API shows them: seconds and rates as numbers, null where a figure has no denominator. */
final class ReportJson {

    private ReportJson() {}

    static JsonObject kpi(ReportQuery q, Kpi k) {
        JsonArray agents = new JsonArray();
        k.perAgent().forEach(a -> agents.add(new JsonObject()
                .put("agent", a.agent())
                .put("handled", a.handled())
                .put("talkSeconds", a.talkSeconds())
                .put("asa", a.asa())
                .put("aht", a.aht())
                .put("targetCalls", a.targetCalls())
                .put("deals", a.deals())
                .put("dealValue", a.dealValue())));
        JsonArray sources = new JsonArray();
        k.perSource().forEach(s -> sources.add(new JsonObject()
                .put("source", s.source())
                .put("campaign", s.campaign())
                .put("offered", s.offered())
                .put("handled", s.handled())
                .put("abandoned", s.abandoned())
                .put("missed", s.missed())
                .put("car", s.car())
                .put("targetCalls", s.targetCalls())
                .put("deals", s.deals())
                .put("dealValue", s.dealValue())));
        return period(q)
                .put("offered", k.offered())
                .put("handled", k.handled())
                .put("abandoned", k.abandoned())
                .put("missed", k.missed())
                .put("offHours", k.offHours())
                .put("car", k.car())
                .put("lcr", k.lcr())
                .put("asa", k.asa())
                .put("ata", k.ata())
                .put("aht", k.aht())
                .put("sl20", k.sl20())
                .put("targetCalls", k.targetCalls())
                .put("deals", k.deals())
                .put("dealValue", k.dealValue())
                .put("patience", k.patience())
                .put("perAgent", agents)
                .put("perSource", sources);
    }

    static JsonObject heatmap(ReportQuery q, Heatmap map) {
        JsonArray rows = new JsonArray();
        for (long[] day : map.counts()) {
            JsonArray hours = new JsonArray();
            for (long c : day) {
                hours.add(c);
            }
            rows.add(hours);
        }
        return period(q).put("timezone", map.zone().getId()).put("counts", rows);
    }

    static JsonObject staffing(ReportQuery q, StaffingPlan plan, Heatmap map) {
        return period(q)
                .put("timezone", q.zone().getId())
                .put("serviceLevel", plan.target())
                .put("seconds", plan.withinSeconds())
                .put("aht", plan.ahtSeconds())
                .put("patience", plan.patienceSeconds())
                .put("calls", heatmap(q, map).getJsonArray("counts"))
                .put("erlangs", grid(plan.erlangs()))
                .put("erlangC", grid(plan.erlangC()))
                .put("erlangX", grid(plan.erlangX()));
    }

    /** A period without answered calls to estimate AHT from: nothing to staff for. */
    static JsonObject emptyStaffing(ReportQuery q, double target, int seconds, Heatmap map) {
        int[][] zeros = new int[7][24];
        return period(q)
                .put("timezone", q.zone().getId())
                .put("serviceLevel", target)
                .put("seconds", seconds)
                .put("aht", null)
                .put("patience", null)
                .put("calls", heatmap(q, map).getJsonArray("counts"))
                .put("erlangs", grid(new double[7][24]))
                .put("erlangC", grid(zeros))
                .put("erlangX", grid(zeros));
    }

    private static JsonObject period(ReportQuery q) {
        return new JsonObject().put("group", q.group()).put("from", q.from().toString()).put("to", q.to().toString());
    }

    private static JsonArray grid(double[][] cells) {
        JsonArray rows = new JsonArray();
        for (double[] day : cells) {
            JsonArray hours = new JsonArray();
            for (double c : day) {
                hours.add(Math.round(c * 1000) / 1000.0); // traffic to a thousandth of an Erlang is plenty
            }
            rows.add(hours);
        }
        return rows;
    }

    private static JsonArray grid(int[][] cells) {
        JsonArray rows = new JsonArray();
        for (int[] day : cells) {
            JsonArray hours = new JsonArray();
            for (int c : day) {
                hours.add(c);
            }
            rows.add(hours);
        }
        return rows;
    }
}
