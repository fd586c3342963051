/// `text` safe inside an HTML or SVG element: `&`, `<` and `>` as entities. Every HTML report
/// (workflow reports, plan Gantt charts, sweep plots) writes names and messages through it.
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
