package org.signet.signoff.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataFlowDiagramTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static DataFlow flow(String elements, String displayName) throws Exception {
        JsonNode purposes = json("[{'id':'progress','version':3,'active':true,'displayName':'" + displayName + "',"
                + "'definition':{'modelProviders':['local-x','remote-ok','remote-no-baa','gone'],'resourceRules':["
                + "{'type':'Condition','elements':[" + elements + "],'maxCount':10,'lookbackDays':30,"
                + "'search':{'clinical-status':'active'}}]}},"
                + "{'id':'retired','version':2,'active':false,'displayName':'Old','definition':{'modelProviders':"
                + "['remote-no-baa'],'resourceRules':[]}}]");
        JsonNode providers = json("[{'id':'local-x','kind':'local-gguf','model':'m','local':true,'enabled':true},"
                + "{'id':'remote-ok','kind':'anthropic','model':'c','local':false,'enabled':true,"
                + "'baaReference':'BAA-1','baaCounterparty':'Vendor','baaEffective':'2026-01-01',"
                + "'baaExpires':'2027-01-01'},"
                + "{'id':'remote-no-baa','kind':'openai-compatible','model':'g','local':false,'enabled':true}]");
        JsonNode profile = json("{'id':'safe-harbor','version':2,'vaultDefaultTtlDays':30,'rules':[{},{}]}");
        return DataFlow.of(purposes, providers, profile, TODAY);
    }

    @Test
    void onlyActivePurposesFlowAndEachProviderIsJudgedAsScribeWouldToday() throws Exception {
        DataFlow flow = flow("'code'", "Progress");
        assertEquals(1, flow.purposes().size());
        assertEquals("progress", flow.purposes().get(0).id());
        assertEquals(4, flow.providers().size());
        assertNull(provider(flow, "local-x").refusal());
        assertNull(provider(flow, "remote-ok").refusal());
        assertEquals("remote without a BAA", provider(flow, "remote-no-baa").refusal());
        assertEquals("not registered", provider(flow, "gone").refusal());
        assertEquals(30L, flow.profile().vaultTtlDays());
        assertEquals(2, flow.profile().rules());
    }

    @Test
    void theSvgShowsWhatIsReadTheBoundaryAndTheRefusalsAndEscapesEveryText() throws Exception {
        String svg = DataFlowDiagram.svg(flow("'code','onset'", "<script>alert(1)</script> & co"), "now");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains(">Condition: code, onset (at most 10, last 30 d) where</text>"), svg);
        assertTrue(svg.contains(">clinical-status=active</text>"), svg);
        assertTrue(svg.contains(">profile safe-harbor v2 (2</text>"));
        assertTrue(svg.contains("REFUSED today: remote without a BAA"));
        assertTrue(svg.contains(">remote, under BAA BAA-1 with Vendor,</text>"));
        assertFalse(svg.contains("<script>"), "model of untrusted text: escaped");
        assertTrue(svg.contains("&lt;script&gt;"));
        assertFalse(svg.contains("retired"));
        // one arrow from the EHR to the purpose, and one from the purpose to each of its four providers
        assertEquals(5, svg.split("marker-end=").length - 1);
        assertFalse(DataFlowDiagram.svg(flow("'code'", "Progress"), "now").contains("onset"));
    }

    @Test
    void thePngIsTheSameDiagramDrawn() throws Exception {
        byte[] png = DataFlowDiagram.png(flow("'code'", "Progress"), "now");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(png.length > 10_000);
    }

    @Test
    void longLinesWrapToTheBox() {
        var lines = DataFlowDiagram.wrap("Observation: " + "component, ".repeat(20), 380);
        assertTrue(lines.size() > 3);
        assertTrue(lines.stream().allMatch(l -> l.length() <= (380 - 20) / 6.9));
    }

    private static DataFlow.ProviderNode provider(DataFlow flow, String id) {
        return flow.providers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
