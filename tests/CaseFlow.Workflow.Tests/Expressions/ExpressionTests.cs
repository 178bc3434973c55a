using System.Text.Json;
using CaseFlow.Workflow.Expressions;

namespace CaseFlow.Workflow.Tests.Expressions;

public sealed class ExpressionTests
{
    private static object? Eval(string text, params (string Name, object? Value)[] variables)
    {
        var (expression, error) = CaseExpression.Parse(text);
        error.ShouldBeNull();
        var (value, evaluationError) = expression!.Evaluate(new DictionaryVariables(variables.ToDictionary(v => v.Name, v => v.Value)));
        evaluationError.ShouldBeNull();
        return value;
    }

    private static ExpressionError ParseError(string text) => CaseExpression.Parse(text).Error.ShouldNotBeNull();

    [TestCase("outcome == \"approve\"", true)]
    [TestCase("outcome != 'approve'", false)]
    [TestCase("days > 2 and days <= 5", true)]
    [TestCase("days < 2 || urgent", true)]
    [TestCase("not urgent", false)]
    [TestCase("!(days >= 3) && true", false)]
    [TestCase("missing == null", true)]
    [TestCase("count(departments) == 2", true)]
    [TestCase("any(departments, item == 'fire')", true)]
    [TestCase("all(departments, item != 'police')", true)]
    [TestCase("applicant.address.city == '杭州'", true)]
    [TestCase("applicant.phone == null", true)]
    [TestCase("'10' == 10", false)]
    public void Evaluates_the_contract_language(string text, bool expected)
    {
        var result = Eval(text,
            ("outcome", "approve"),
            ("days", 3),
            ("urgent", true),
            ("departments", new[] { "fire", "planning" }),
            ("applicant", new Dictionary<string, object?> { ["address"] = new Dictionary<string, object?> { ["city"] = "杭州" } }));

        result.ShouldBe(expected);
    }

    [TestCase("${entity.leaveDays > 2}")]
    [TestCase("=price >= 0")]
    [TestCase("=price = 0")]
    [TestCase("${numActiveTasks == \"2\"}")]
    [TestCase("#{!approved}")]
    public void Real_modeler_expressions_parse_once_their_wrapper_is_stripped(string text)
    {
        CaseExpression.Parse(text).Error.ShouldBeNull();
    }

    [Test]
    public void Reads_json_element_variables()
    {
        using var document = JsonDocument.Parse("""{"price": 0, "items": [{"kind": "a"}, {"kind": "b"}]}""");
        var root = document.RootElement;

        var result = Eval("price = 0 and any(items, item.kind == 'b')", ("price", root.GetProperty("price")), ("items", root.GetProperty("items")));

        result.ShouldBe(true);
    }

    [Test]
    public void A_parse_error_gives_the_position_in_the_text_as_written()
    {
        var error = ParseError("${amount > > 3}");

        error.Position.ShouldBe(12);
        error.Message.ShouldBe("unexpected '>'");
    }

    [Test]
    public void Unknown_characters_and_functions_are_refused_when_parsing()
    {
        ParseError("a + b").ShouldSatisfyAllConditions(e => e.Message.ShouldBe("unexpected character '+'"), e => e.Position.ShouldBe(3));
        ParseError("System.exit(1)").Message.ShouldBe("unknown function 'exit' (available: count, any, all)");
        ParseError("a eq b").Message.ShouldBe("unexpected 'eq'");
        ParseError("'open").Message.ShouldBe("string is not closed");
        ParseError("a < b < c").Message.ShouldBe("comparisons cannot be chained; use 'and'");
    }

    [Test]
    public void Length_and_nesting_are_bounded()
    {
        ParseError(new string('(', 40) + "1" + new string(')', 40)).Message.ShouldBe("expression is nested deeper than 32 levels");
        ParseError(string.Join(" or ", Enumerable.Repeat("a", 300))).Message.ShouldBe("expression is longer than 1000 characters");
    }

    [Test]
    public void Type_errors_at_run_time_are_values_that_name_the_expression()
    {
        var (expression, _) = CaseExpression.Parse("days > 'three'");

        var (value, error) = expression!.Evaluate(new DictionaryVariables(new Dictionary<string, object?> { ["days"] = 3 }));

        value.ShouldBeNull();
        error.ShouldBe("expression 'days > 'three'': cannot order 3 and \"three\"");
    }
}
