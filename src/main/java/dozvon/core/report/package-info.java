/**
 * Reports from call records: the contract's KPIs per period and group (with per-agent and per-source
 * breakdowns), the weekday × hour arrival heatmap in the group's zone, and staffing by Erlang C and Erlang X.
 * Plain Java: the stores hand in facts about calls, these classes hold every formula, so the definitions live in
 * one place and are tested on hand-worked figures.
 */
package dozvon.core.report;
