import Foundation
import Testing

/// `berth serve`'s OpenAPI document parses (a stray `: ` in a summary once made it invalid YAML)
/// and names every route the server has.
@Suite struct OpenAPIDocumentTests {
    @Test(.enabled(if: Python.has("yaml") || Python.required, "needs Python's PyYAML"))
    func theDocumentParsesAndListsEveryRoute() throws {
        let (status, output) = try Python.run(
            "import yaml, sys, json; d = yaml.safe_load(open(sys.argv[1])); print(json.dumps(sorted(d['paths'])))",
            CLITests.root.appendingPathComponent("Sources/BerthServer/openapi.yaml").path)
        #expect(status == 0, "\(output)")
        let paths = try JSONDecoder().decode([String].self, from: Data(output.utf8))
        #expect(paths == ["/v1/health", "/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/cancel", "/v1/jobs/{id}/events",
                          "/v1/jobs/{id}/interrupt", "/v1/jobs/{id}/result", "/v1/openapi.yaml"])
    }
}
