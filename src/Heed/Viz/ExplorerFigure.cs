using System.Globalization;
using System.Text;

namespace Heed.Viz;

/// <summary>
/// The HTML of an <see cref="AttentionFigure"/> with several views: pickers for kind, layer and head, one inline SVG
/// per kind (its rows and columns differ by kind), and the weights of every view as JSON, which the page's script
/// writes into the shown SVG's cells (fill, <c>data-weight</c>, tooltip) when the reader picks another view.
/// </summary>
/// <remarks>
/// One SVG per kind rather than per view keeps the page small: a 6-layer, 8-head Transformer has 54 views per kind,
/// and 4-decimal weights cost ~7 bytes a cell against ~230 for an SVG cell. The figure's <c>data-view</c> attribute
/// names the view shown ("cross/1/avg", "encoder-self/0/3": kind, layer from 0, head from 0 or avg), for tests and
/// scripts. Without script the page still shows the initial view of each kind.
/// </remarks>
internal static class ExplorerFigure
{
    /// <summary>Palette entries: weights are coloured by round(w·255), within 0.2 L* of the exact ramp.</summary>
    public const int PaletteSteps = 255;

    public const string Style = """
        .controls{font-size:13px;margin:0 0 6px}
        .controls label{margin-right:14px}
        .controls select{font:inherit}
        .view-name{font-size:13px;color:#333;margin:0 0 4px}
        """;

    // Builds the pickers from each figure's JSON and repaints the shown kind's SVG from the chosen view's weights.
    public const string Script = """
        (function(){
          var pal=document.getElementById('heed-weight-palette');if(!pal)return;var palette=JSON.parse(pal.textContent);
          function headKey(h){return h===null?'avg':String(h);}
          function key(v){return v.kind+'/'+v.layer+'/'+headKey(v.head);}
          function uniq(a){var s=[];a.forEach(function(x){if(s.indexOf(x)<0)s.push(x);});return s;}
          function fill(sel,values,label,keep){sel.innerHTML='';values.forEach(function(v){var o=document.createElement('option');o.value=v;o.textContent=label(v);sel.appendChild(o);});
            sel.value=values.indexOf(keep)>=0?keep:values[values.length-1];}
          document.querySelectorAll('figure.explorer').forEach(function(fig){
            var data=JSON.parse(fig.querySelector('script.views').textContent),byKey={};
            data.views.forEach(function(v){byKey[key(v)]=v;});
            var kindSel=fig.querySelector('.pick-kind'),layerSel=fig.querySelector('.pick-layer'),headSel=fig.querySelector('.pick-head');
            var name=fig.querySelector('.view-name'),readout=fig.querySelector('.readout');
            function show(v){
              fig.querySelectorAll('.kind-view').forEach(function(d){d.hidden=d.getAttribute('data-kind')!==v.kind;});
              fig.querySelectorAll('.kind-view[data-kind="'+v.kind+'"] rect.cell').forEach(function(c){
                var w=v.weights[(+c.getAttribute('data-row'))*v.columns+(+c.getAttribute('data-col'))],s=w.toFixed(4);
                c.setAttribute('data-weight',s);c.setAttribute('fill',palette[Math.round(w*PALETTE_STEPS)]);
                var t=c.querySelector('title');if(t){var x=t.textContent;t.textContent=x.slice(0,x.lastIndexOf(': ')+2)+s;}
              });
              fig.setAttribute('data-view',key(v));name.textContent=v.name;readout.textContent='hover over a cell to read its weight';
            }
            function pick(){
              var kind=kindSel.value,ofKind=data.views.filter(function(v){return v.kind===kind;});
              fill(layerSel,uniq(ofKind.map(function(v){return String(v.layer);})).sort(function(a,b){return a-b;}),function(l){return String(+l+1);},layerSel.value);
              var heads=uniq(ofKind.filter(function(v){return String(v.layer)===layerSel.value;}).map(function(v){return headKey(v.head);}))
                .sort(function(a,b){return a==='avg'?-1:b==='avg'?1:a-b;});
              var keepHead=headSel.value;fill(headSel,heads,function(h){return h==='avg'?'average':String(+h+1);},keepHead);
              if(heads.indexOf(keepHead)<0)headSel.value=heads[0];
              show(byKey[kind+'/'+layerSel.value+'/'+headSel.value]);
            }
            var first=data.views[data.initial];
            fill(kindSel,uniq(data.views.map(function(v){return v.kind;})),function(k){return data.kindNames[k];},first.kind);
            layerSel.innerHTML='<option value="'+first.layer+'"></option>';layerSel.value=String(first.layer);
            headSel.innerHTML='<option value="'+headKey(first.head)+'"></option>';headSel.value=headKey(first.head);
            [kindSel,layerSel,headSel].forEach(function(s){s.addEventListener('change',pick);});
            pick();
          });
        })();
        """;

    /// <summary>The page-wide JSON palette the script colours cells with, from <see cref="WeightColors"/>.</summary>
    public static string Palette()
    {
        var colours = Enumerable.Range(0, PaletteSteps + 1).Select(i => $"\"{WeightColors.For(i / (double)PaletteSteps).ToHex()}\"");
        return $"<script type=\"application/json\" id=\"heed-weight-palette\">[{string.Join(",", colours)}]</script>\n";
    }

    /// <summary>The script with its palette size filled in.</summary>
    public static string PageScript => Script.Replace("PALETTE_STEPS", PaletteSteps.ToString(CultureInfo.InvariantCulture));

    /// <summary>The markup of figure <paramref name="index"/> of a page.</summary>
    public static string Render(AttentionFigure figure, int index)
    {
        var initial = figure.Initial;
        var sb = new StringBuilder();
        sb.Append($"<figure class=\"alignment explorer\" id=\"alignment-{index}\" data-view=\"{Key(initial)}\">\n")
          .Append("<div class=\"controls\">")
          .Append("<label>attention <select class=\"pick-kind\"></select></label>")
          .Append("<label>layer <select class=\"pick-layer\"></select></label>")
          .Append("<label>head <select class=\"pick-head\"></select></label></div>\n")
          .Append($"<div class=\"view-name\">{Markup.Escape(initial.Describe())}</div>\n");
        foreach (var kind in figure.Kinds)
        {
            var shown = figure.InitialOf(kind);
            string svg = AlignmentSvg.Render(shown.Matrix.WithTitle(figure.Title), 28,
                idSuffix: $"{index}-{KindKey(kind)}");
            sb.Append($"<div class=\"kind-view\" data-kind=\"{KindKey(kind)}\"{(kind == initial.Kind ? "" : " hidden")}>\n{svg}</div>\n");
        }
        sb.Append("<div class=\"readout\" aria-live=\"polite\">hover over a cell to read its weight</div>\n")
          .Append("<script type=\"application/json\" class=\"views\">").Append(Json(figure, initial)).Append("</script>\n")
          .Append("</figure>\n");
        return sb.ToString();
    }

    /// <summary>How the page names a kind in data attributes and JSON.</summary>
    public static string KindKey(AttentionKind kind) => kind switch
    {
        AttentionKind.Cross => "cross",
        AttentionKind.EncoderSelf => "encoder-self",
        AttentionKind.DecoderSelf => "decoder-self",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The page's name of a view: kind/layer/head, head "avg" for the average.</summary>
    public static string Key(AttentionView v) =>
        $"{KindKey(v.Kind)}/{v.Layer.ToString(CultureInfo.InvariantCulture)}/{(v.Head is int h ? h.ToString(CultureInfo.InvariantCulture) : "avg")}";

    // Only numbers, fixed keys and escaped view names go in, so nothing can close the <script> element early.
    private static string Json(AttentionFigure figure, AttentionView initial)
    {
        var sb = new StringBuilder("{\"initial\":");
        sb.Append(IndexOf(figure, initial).ToString(CultureInfo.InvariantCulture)).Append(",\"kindNames\":{");
        sb.Append(string.Join(",", figure.Kinds.Select(k => $"\"{KindKey(k)}\":\"{AttentionView.KindName(k)}\"")));
        sb.Append("},\"views\":[");
        for (int i = 0; i < figure.Views.Count; i++)
        {
            var v = figure.Views[i];
            if (i > 0) sb.Append(',');
            sb.Append($"{{\"kind\":\"{KindKey(v.Kind)}\",\"layer\":{v.Layer.ToString(CultureInfo.InvariantCulture)},")
              .Append($"\"head\":{(v.Head is int h ? h.ToString(CultureInfo.InvariantCulture) : "null")},")
              .Append($"\"name\":\"{v.Describe()}\",\"columns\":{v.Matrix.Columns.ToString(CultureInfo.InvariantCulture)},\"weights\":[");
            for (int r = 0; r < v.Matrix.Rows; r++)
                for (int c = 0; c < v.Matrix.Columns; c++)
                {
                    if (r + c > 0) sb.Append(',');
                    sb.Append(Markup.Weight(v.Matrix[r, c]));
                }
            sb.Append("]}");
        }
        return sb.Append("]}").ToString();
    }

    private static int IndexOf(AttentionFigure figure, AttentionView view)
    {
        for (int i = 0; i < figure.Views.Count; i++)
            if (ReferenceEquals(figure.Views[i], view)) return i;
        throw new InvalidOperationException("the initial view is not one of the figure's views");
    }
}
