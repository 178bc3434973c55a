namespace CaseFlow.Host.Ui.Resources;

/// <summary>The web UI's texts: UiText.resx is Chinese (zh-CN, the default), UiText.en.resx English.</summary>
internal sealed class UiText;
