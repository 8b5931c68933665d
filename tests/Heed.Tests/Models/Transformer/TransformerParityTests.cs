using Heed.Models.Transformer;
using Heed.Tensors;
using Heed.Tensors.Nn;
using Heed.Tests.Attention;

namespace Heed.Tests.Models.Transformer;

/// <summary>
/// One encoder layer and one decoder layer against PyTorch's nn.TransformerEncoderLayer and nn.TransformerDecoderLayer
/// (d_model 8, 2 heads, feed-forward 16, dropout 0, batch_first), in every norm placement and activation.
/// </summary>
/// <remarks>
/// Every expected number below was printed by <c>bench/transformer_parity.py</c> with Debian's python3-torch 1.13.1
/// (torch.__version__ "1.13.0a0"); the weights and inputs are not copied but computed here by the script's formula,
/// value(k, i) = scale·sin(1.7·i + 0.1·k + 0.5) + offset, for tensor k in PyTorch's parameter order, and the script's
/// printed first values pin that both sides read it alike. PyTorch's in_proj_weight [3d, d] stacks W^Q; W^K; W^V
/// (and in_proj_bias likewise); its multihead_attn is the decoder's cross_attn here, norm1/2/3 the blocks' norms in order.
/// </remarks>
public class TransformerParityTests
{
    private const int D = 8;

    private static float Value(int k, int i, double scale = 0.3, double offset = 0) =>
        (float)(scale * Math.Sin(1.7 * i + 0.1 * k + 0.5) + offset);

    private static float[] Values(int k, int n, double scale = 0.3, double offset = 0) =>
        Enumerable.Range(0, n).Select(i => Value(k, i, scale, offset)).ToArray();

    private static void Set(Tensor parameter, float[] values, int from = 0) => values.AsSpan(from, parameter.Length).CopyTo(parameter.Span);

    /// <summary>PyTorch's packed in_proj (tensors k and k + 1) and out_proj (k + 2, k + 3).</summary>
    private static void SetAttention(Heed.Attention.MultiHeadAttention mha, int k)
    {
        var w = Values(k, 3 * D * D);
        var b = Values(k + 1, 3 * D);
        Set(mha.QueryProj.Weight, w, 0); Set(mha.KeyProj.Weight, w, D * D); Set(mha.ValueProj.Weight, w, 2 * D * D);
        Set(mha.QueryProj.Bias!, b, 0); Set(mha.KeyProj.Bias!, b, D); Set(mha.ValueProj.Bias!, b, 2 * D);
        Set(mha.OutProj.Weight, Values(k + 2, D * D));
        Set(mha.OutProj.Bias!, Values(k + 3, D));
    }

    private static void SetFeedForward(FeedForward ff, int k)
    {
        Set(ff.Inner.Weight, Values(k, ff.Inner.Weight.Length)); Set(ff.Inner.Bias!, Values(k + 1, ff.Inner.Bias!.Length));
        Set(ff.Outer.Weight, Values(k + 2, ff.Outer.Weight.Length)); Set(ff.Outer.Bias!, Values(k + 3, D));
    }

    private static void SetNorm(LayerNorm norm, int k)
    {
        Set(norm.Gamma, Values(k, D, 0.2, 1.0));
        Set(norm.Beta, Values(k + 1, D, 0.1));
    }

    private static Tensor Mask() => Tensor.FromArray([1, 1, 1, 1, 1, 0], 2, 3); // row 1's last source position is padding

    [Fact]
    public void TheFormula_GivesTheValuesTheScriptPrinted()
    {
        Hand.Near([0.1438277f, 0.2425489f, -0.2063299f, -0.18938f], Tensor.FromArray(Values(0, 4), 4), 1e-6f);
        Hand.Near([1.192712f, 1.028224f, 0.8000153f, 1.02331f], Tensor.FromArray(Values(8, 4, 0.2, 1.0), 4), 1e-6f);
        Hand.Near([0.2796117f, 0.0717748f, -0.2981073f, 0.00504417f], Tensor.FromArray(Values(7, 4), 4), 1e-6f);
    }

    [Theory]
    [InlineData("post", "relu")]
    [InlineData("post", "gelu")]
    [InlineData("pre", "relu")]
    [InlineData("pre", "gelu")]
    public void EncoderLayer_MatchesPyTorch(string norm, string activation)
    {
        var layer = new TransformerEncoderLayer(TinyTransformer.Config(norm, activation: activation), new Random(1));
        layer.Eval();
        SetAttention(layer.SelfAttention, 0);
        SetFeedForward(layer.FeedForward, 4);
        var norms = layer.Modules().OfType<LayerNorm>().ToArray(); // self_attn_block.norm, ff_block.norm
        SetNorm(norms[0], 8); SetNorm(norms[1], 10);
        var source = Tensor.FromArray(Values(100, 2 * 3 * D, 1.0), 2, 3, D);
        var (output, _) = layer.Forward(source, Mask());
        Hand.Near(Expected("Encoder", norm, activation), output, 2e-5f);
    }

    [Theory]
    [InlineData("post", "relu")]
    [InlineData("post", "gelu")]
    [InlineData("pre", "relu")]
    [InlineData("pre", "gelu")]
    public void DecoderLayer_MatchesPyTorch(string norm, string activation)
    {
        var layer = new TransformerDecoderLayer(TinyTransformer.Config(norm, activation: activation), new Random(1));
        layer.Eval();
        SetAttention(layer.SelfAttention, 0);
        SetAttention(layer.CrossAttention, 4);
        SetFeedForward(layer.FeedForward, 8);
        var norms = layer.Modules().OfType<LayerNorm>().ToArray(); // self, cross, feed-forward blocks
        SetNorm(norms[0], 12); SetNorm(norms[1], 14); SetNorm(norms[2], 16);
        var memory = Tensor.FromArray(Values(100, 2 * 3 * D, 1.0), 2, 3, D);
        var target = Tensor.FromArray(Values(101, 2 * 4 * D, 1.0), 2, 4, D);
        var (output, _, _) = layer.Forward(target, layer.CrossAttention.PrepareMemory(memory, memory, Mask()));
        Hand.Near(Expected("Decoder", norm, activation), output, 2e-5f);
    }

    [Fact]
    public void Gelu_MatchesPyTorch()
    {
        var x = Tensor.FromArray([-3f, -1.5f, -0.5f, 0f, 0.25f, 1f, 2f, 4f], 8);
        Hand.Near([-0.004049867f, -0.1002109f, -0.1542688f, 0f, 0.1496766f, 0.8413447f, 1.9545f, 3.999873f], x.Gelu(), 1e-6f);
    }

    private static float[] Expected(string stack, string norm, string activation) => (stack, norm, activation) switch
    {
        ("Encoder", "post", "relu") => EncoderOutput_post_relu,
        ("Encoder", "post", "gelu") => EncoderOutput_post_gelu,
        ("Encoder", "pre", "relu") => EncoderOutput_pre_relu,
        ("Encoder", "pre", "gelu") => EncoderOutput_pre_gelu,
        ("Decoder", "post", "relu") => DecoderOutput_post_relu,
        ("Decoder", "post", "gelu") => DecoderOutput_post_gelu,
        ("Decoder", "pre", "relu") => DecoderOutput_pre_relu,
        _ => DecoderOutput_pre_gelu,
    };

    // ---- printed by bench/transformer_parity.py (torch 1.13.1) ----

    private static readonly float[] EncoderOutput_post_relu =
    [
        -0.8641878f, 0.3112985f, 0.5726312f, 1.497671f, -1.657962f, -1.228396f, 0.6597685f, 0.3031966f,
        -0.595382f, 2.335109f, 0.150072f, -0.03226024f, -0.4026581f, -0.2314541f, -0.1852118f, -1.408475f,
        1.716993f, 1.530393f, -0.836965f, -0.4595232f, 0.8599839f, -0.1226696f, -1.007817f, -1.06882f,
        2.136828f, 0.3847634f, -1.136746f, 0.02991743f, 1.134082f, -0.8515869f, -1.112913f, 0.574317f,
        1.833417f, -0.5108406f, -0.9076144f, 0.8907499f, 0.553405f, -1.385388f, -0.6720049f, 1.302581f,
        0.7511585f, -0.7941428f, -0.2152259f, 1.569712f, -0.5004851f, -1.648168f, -0.0920847f, 1.522479f,
    ];

    private static readonly float[] DecoderOutput_post_relu =
    [
        -0.4398172f, 0.3526005f, 0.4877274f, 1.147522f, -2.12416f, -1.007232f, 0.884568f, 0.7474222f,
        0.0706858f, 2.064514f, 0.149735f, 0.09358216f, -0.3725741f, -0.9470713f, -0.5521131f, -0.7288854f,
        2.235206f, 0.7816546f, -0.7548841f, -0.3450662f, 0.8198374f, -0.6276439f, -1.312937f, -0.2792833f,
        2.011049f, -0.2997789f, -1.06094f, 0.6373018f, 1.117154f, -0.9081191f, -1.149039f, 0.7183095f,
        1.765413f, -0.5654845f, -0.7741193f, 1.045295f, 0.02481305f, -1.28348f, -0.6658065f, 1.63998f,
        1.119664f, -0.661527f, -0.3772002f, 1.326772f, -0.982448f, -1.335301f, 0.0001623701f, 1.916936f,
        -0.04888952f, 0.2877757f, 0.4079668f, 0.9140634f, -2.182863f, -1.093535f, 0.7335264f, 1.170909f,
        -0.2320799f, 1.846337f, 0.3697285f, 0.5302681f, -0.7509209f, -1.220775f, -0.556915f, -0.05986179f,
    ];

    private static readonly float[] EncoderOutput_post_gelu =
    [
        -0.9879265f, 0.4046542f, 0.5922444f, 1.442056f, -1.605189f, -1.247496f, 0.601663f, 0.3972495f,
        -0.6198034f, 2.289858f, 0.2209309f, -0.04927105f, -0.4517892f, -0.1525422f, -0.1933398f, -1.45826f,
        1.628425f, 1.564652f, -0.8030026f, -0.5261949f, 0.9019437f, -0.08535109f, -1.057544f, -1.021848f,
        2.136831f, 0.3857306f, -1.13182f, 0.02334158f, 1.13652f, -0.8444802f, -1.121735f, 0.5736824f,
        1.821196f, -0.5012209f, -0.9038208f, 0.8755836f, 0.5697761f, -1.382509f, -0.6920125f, 1.321543f,
        0.7458145f, -0.8072273f, -0.197165f, 1.573982f, -0.5151489f, -1.639569f, -0.09711925f, 1.522375f,
    ];

    private static readonly float[] DecoderOutput_post_gelu =
    [
        -0.496581f, 0.3972608f, 0.4961548f, 1.110089f, -2.106481f, -1.015007f, 0.8527395f, 0.803825f,
        -0.0226631f, 2.072505f, 0.2474401f, 0.007237717f, -0.3757809f, -0.8526956f, -0.6179512f, -0.7433388f,
        2.123646f, 0.8340174f, -0.7528039f, -0.4167158f, 0.8873886f, -0.6223184f, -1.358997f, -0.1887352f,
        1.981191f, -0.2781957f, -1.056121f, 0.6043059f, 1.144837f, -0.9012553f, -1.179573f, 0.7451324f,
        1.721888f, -0.5275157f, -0.7748985f, 0.9945987f, 0.0741454f, -1.284462f, -0.7197701f, 1.70209f,
        1.088221f, -0.6376866f, -0.3751237f, 1.296802f, -0.9584428f, -1.342202f, -0.03775141f, 1.976556f,
        -0.08697763f, 0.3257397f, 0.404808f, 0.8824319f, -2.16072f, -1.106808f, 0.7063617f, 1.224854f,
        -0.3221999f, 1.857871f, 0.4703612f, 0.451529f, -0.7634368f, -1.131168f, -0.6206056f, -0.07997052f,
    ];

    private static readonly float[] EncoderOutput_pre_relu =
    [
        -0.2853835f, 0.09015591f, 0.5941672f, 0.9311859f, -0.6185759f, -1.046974f, 0.3990461f, 0.0324028f,
        -0.2695723f, 0.969496f, 0.3342751f, 0.2597284f, -0.1104254f, -0.4131602f, -0.315488f, -0.6515578f,
        1.117024f, 1.077081f, -0.4865736f, -0.105602f, 0.1769607f, -0.07142803f, -0.6707113f, -0.527192f,
        1.860441f, 0.6138514f, -1.245804f, 0.1948918f, 0.8281599f, -0.6159471f, -1.045805f, 0.5579389f,
        1.753416f, -0.3023478f, -1.01946f, 1.06441f, 0.491634f, -1.41972f, -0.5027766f, 1.239649f,
        0.5520611f, -0.5930785f, 0.05451727f, 1.421369f, -0.2441984f, -1.618963f, 0.06779867f, 0.9966924f,
    ];

    private static readonly float[] DecoderOutput_pre_relu =
    [
        0.3009319f, 0.283545f, 0.351179f, 0.6020099f, -0.7258645f, -0.9470141f, 0.5012021f, 0.3384885f,
        0.202996f, 1.236702f, 0.3547f, 0.2450269f, -0.2632928f, -0.7329094f, -0.5106435f, -0.1961764f,
        1.324633f, 1.150982f, -0.4061453f, 0.001251042f, 0.2405877f, -0.3905805f, -1.134673f, -0.1111568f,
        1.888607f, 0.1473035f, -1.39771f, 0.7772268f, 1.240123f, -0.9246156f, -1.522356f, 0.5422466f,
        1.985408f, -0.1165043f, -0.7777148f, 1.326626f, 0.2354696f, -2.036351f, -0.6574597f, 1.780189f,
        1.256296f, -0.2968865f, -0.1010379f, 1.113925f, -0.6194594f, -1.711228f, 0.4283971f, 1.51033f,
        0.5835854f, 0.451341f, 0.3702321f, 0.3544948f, -1.02087f, -0.9529932f, 0.7724377f, 0.6613203f,
        -0.008934617f, 1.434929f, 0.7431973f, 0.3440666f, -0.4832693f, -1.060794f, -0.6248122f, 0.04054183f,
    ];

    private static readonly float[] EncoderOutput_pre_gelu =
    [
        -0.3464048f, 0.1472806f, 0.6007695f, 0.8677716f, -0.5647675f, -1.03482f, 0.333659f, 0.08253853f,
        -0.2919759f, 0.9356731f, 0.3888996f, 0.2415141f, -0.1476981f, -0.3594385f, -0.3293926f, -0.6920336f,
        1.056645f, 1.111599f, -0.4590774f, -0.1663141f, 0.207301f, -0.03961918f, -0.7313538f, -0.5012306f,
        1.850836f, 0.6122609f, -1.234684f, 0.1858887f, 0.8256164f, -0.6045209f, -1.054146f, 0.5544591f,
        1.727643f, -0.287867f, -1.007483f, 1.038519f, 0.5043213f, -1.405915f, -0.5286151f, 1.250459f,
        0.5379215f, -0.6045268f, 0.07956284f, 1.408958f, -0.2574207f, -1.593956f, 0.05719841f, 0.9817835f,
    ];

    private static readonly float[] DecoderOutput_pre_gelu =
    [
        0.2656485f, 0.3275445f, 0.3445469f, 0.5643284f, -0.6833357f, -0.9498471f, 0.4613721f, 0.379265f,
        0.1487987f, 1.223491f, 0.4214824f, 0.1946182f, -0.2820542f, -0.664628f, -0.5569293f, -0.2203642f,
        1.270567f, 1.219259f, -0.4171229f, -0.05656791f, 0.3066459f, -0.3956908f, -1.195862f, -0.04775488f,
        1.851433f, 0.1751502f, -1.387063f, 0.7392377f, 1.265666f, -0.9109598f, -1.560908f, 0.5653172f,
        1.923638f, -0.05690262f, -0.7727237f, 1.262269f, 0.2917866f, -2.025644f, -0.7239764f, 1.832849f,
        1.208113f, -0.2524433f, -0.09519327f, 1.063914f, -0.5776616f, -1.701035f, 0.3768893f, 1.549206f,
        0.5563476f, 0.4987112f, 0.3523434f, 0.3241661f, -0.9740891f, -0.9672298f, 0.739219f, 0.7072022f,
        -0.06069195f, 1.41249f, 0.8163316f, 0.296836f, -0.51141f, -0.9867557f, -0.6672032f, 0.006886512f,
    ];
}
