using CaseFlow.Kernel.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Kernel.Tests.Messaging;

public sealed class MediatorTests
{
    [Test]
    public async Task A_request_reaches_its_one_handler_and_returns_its_answer()
    {
        await using var services = Build(s => s.AddMediator(typeof(MediatorTests).Assembly));

        var answer = await Mediator(services).Send(new Ping("hello"));

        answer.ShouldBe("pong: hello");
    }

    [Test]
    public async Task Internal_handlers_are_found_by_the_assembly_scan()
    {
        await using var services = Build(s => s.AddMediator(typeof(MediatorTests).Assembly));

        var answer = await Mediator(services).Send(new AskInternal(20));

        answer.ShouldBe(21);
    }

    [Test]
    public async Task A_request_without_a_value_is_answered_with_unit()
    {
        var log = new List<string>();
        await using var services = Build(s => s.AddSingleton(log).AddMediator(typeof(MediatorTests).Assembly));

        var answer = await Mediator(services).Send(new Record("done"));

        answer.ShouldBe(Unit.Value);
        log.ShouldBe(["done"]);
    }

    [Test]
    public async Task A_request_sent_as_an_object_is_dispatched_by_its_runtime_type()
    {
        await using var services = Build(s => s.AddMediator(typeof(MediatorTests).Assembly));

        var answer = await Mediator(services).Send((object)new Ping("boxed"));

        answer.ShouldBe("pong: boxed");
    }

    [Test]
    public async Task A_request_with_no_handler_fails_naming_the_request_type()
    {
        await using var services = Build(s => s.AddMediator());

        var failure = await Should.ThrowAsync<MissingHandlerException>(() => Mediator(services).Send(new Ping("nobody")));

        failure.Message.ShouldContain(typeof(Ping).FullName!);
        failure.RequestType.ShouldBe(typeof(Ping));
    }

    [Test]
    public void A_second_handler_for_one_request_is_refused_at_registration()
    {
        var services = new ServiceCollection().AddMediator(typeof(MediatorTests).Assembly);

        var failure = Should.Throw<InvalidOperationException>(() => services.AddMediator(new SingleTypeAssembly(typeof(DuplicatePingHandler<int>))));

        failure.Message.ShouldContain(nameof(Ping));
        failure.Message.ShouldContain("DuplicatePingHandler");
    }

    [Test]
    public void Scanning_the_same_assembly_twice_registers_each_handler_once()
    {
        var services = new ServiceCollection();

        services.AddMediator(typeof(MediatorTests).Assembly).AddMediator(typeof(MediatorTests).Assembly);

        services.Count(d => d.ServiceType == typeof(IRequestHandler<Ping, string>)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(INotificationHandler<CaseClosed>)).ShouldBe(3);
    }

    [Test]
    public async Task Behaviours_run_in_registration_order_around_the_handler()
    {
        var log = new List<string>();
        await using var services = Build(s => s
            .AddSingleton(log)
            .AddMediator(typeof(MediatorTests).Assembly)
            .AddPipelineBehavior(typeof(OuterBehavior<,>))
            .AddPipelineBehavior(typeof(InnerBehavior<,>)));

        await Mediator(services).Send(new Record("handler"));

        log.ShouldBe(["outer in", "inner in", "handler", "inner out", "outer out"]);
    }

    [Test]
    public async Task A_behaviour_can_answer_without_calling_the_handler()
    {
        await using var services = Build(s => s.AddMediator(typeof(MediatorTests).Assembly).AddPipelineBehavior(typeof(ShortCircuit<,>)));

        var answer = await Mediator(services).Send(new Ping("x"));

        answer.ShouldBe("short-circuited");
    }

    [Test]
    public async Task Every_notification_handler_runs_even_when_one_fails_and_the_failures_are_aggregated()
    {
        var log = new List<string>();
        await using var services = Build(s => s.AddSingleton(log).AddMediator(typeof(MediatorTests).Assembly));

        var failure = await Should.ThrowAsync<AggregateException>(() => Mediator(services).Publish(new CaseClosed("C-1")));

        log.ShouldBe(["first C-1", "second C-1"]);
        failure.InnerExceptions.Count.ShouldBe(1);
        failure.InnerExceptions[0].Message.ShouldBe("failing handler for C-1");
    }

    [Test]
    public async Task A_notification_with_no_handlers_is_published_without_error()
    {
        await using var services = Build(s => s.AddMediator(typeof(MediatorTests).Assembly));

        await Should.NotThrowAsync(() => Mediator(services).Publish(new NobodyListens()));
    }

    [Test]
    public void Only_open_generic_behaviours_are_accepted()
    {
        var services = new ServiceCollection();

        Should.Throw<ArgumentException>(() => services.AddPipelineBehavior(typeof(string)));
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new List<string>());
        services.AddSingleton(new Outbox.Delivered());
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static IMediator Mediator(ServiceProvider services) => services.CreateScope().ServiceProvider.GetRequiredService<IMediator>();
}
