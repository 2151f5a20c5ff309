extension HTMLReport {
    /// Inline stylesheet. Band colours are ColorBrewer RdYlGn steps, readable with dark or white text.
    static let css = """
        :root{--fg:#1d2330;--muted:#5b6474;--line:#d9dee7;--bg:#fff;--panel:#f5f7fa;--accent:#2a5db0}
        *{box-sizing:border-box}
        body{margin:0;padding:0 28px 40px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
        header{padding:18px 0 6px;border-bottom:1px solid var(--line)}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:26px 0 10px}
        .sub,.hint,.legend,figcaption,footer{color:var(--muted);font-size:12.5px}
        code{font:12.5px ui-monospace,"DejaVu Sans Mono",monospace;background:var(--panel);padding:1px 4px;border-radius:3px}
        .warn{background:#fff4d6;padding:8px 12px;border-radius:6px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:170px}
        .card.wide{flex:1;min-width:320px}.card .k{color:var(--muted);font-size:12px}.card .v{font-size:22px;font-weight:600;margin:2px 0}.card .s{color:var(--muted);font-size:12px}
        .bandbar{display:flex;height:28px;border-radius:5px;overflow:hidden;margin:6px 0;font-size:12px}
        .bandbar .nmband{background:#eceff3;color:#5b6474}
        .bandbar span{display:flex;align-items:center;justify-content:center;white-space:nowrap;overflow:hidden;padding:0 4px}
        .band-excellent{background:#1a9850;color:#fff;fill:#1a9850}.band-good{background:#91cf60;color:#17300a;fill:#91cf60}
        .band-fair{background:#fee08b;color:#3d3000;fill:#fee08b}.band-poor{background:#fc8d59;color:#3b1300;fill:#fc8d59}
        .band-unacceptable{background:#d73027;color:#fff;fill:#d73027}
        .mos{display:inline-block;min-width:3.1em;text-align:center;border-radius:4px;padding:0 5px;font-weight:600;font-variant-numeric:tabular-nums}
        .mos.nm{background:#eceff3;color:var(--muted);font-weight:400}
        .nm{color:var(--muted)}.fail{color:#b3261e;font-weight:600}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        figure{margin:0}.chart{max-width:100%;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px}
        svg.plot{display:block;max-width:100%;height:auto;font:11px system-ui,"DejaVu Sans",sans-serif;fill:#3b4350}
        svg .grid{stroke:#e2e6ed;stroke-width:1;fill:none}svg .frame{fill:none;stroke:#aab2bf}svg .tick{stroke:#aab2bf}
        svg .axis{font-size:12px;fill:#1d2330}svg .bandlabel{font-size:10px;fill:#5b6474}svg .panel{font-size:11px;fill:#5b6474}
        svg .diag{stroke:#7a8494;stroke-dasharray:4 4;fill:none}figcaption .rlabel{font-size:13.5px;color:#1d2330}
        svg .wave{stroke:#2a5db0;stroke-width:1.4;fill:none}svg .lost{fill:#d73027;fill-opacity:.28}svg .late{fill:#f29e1b;fill-opacity:.4}
        svg .dot{stroke:#2a5db0;stroke-width:3;stroke-linecap:round;fill:none}svg .dotlate{stroke:#e07b00;stroke-width:4.5;stroke-linecap:round;fill:none}
        svg .lostmark{stroke:#d73027;stroke-width:2;fill:none}svg .deadline{stroke:#1a9850;stroke-width:1.5;fill:none}
        table{border-collapse:collapse}
        table.runs{width:100%;table-layout:fixed;font-size:13px}
        table.runs.head{position:sticky;top:0;z-index:2}
        .chunk{content-visibility:auto}
        table.runs th{background:#e9edf3;text-align:left;padding:6px 8px;cursor:pointer;user-select:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-bottom:1px solid #c6cdd8}
        table.runs th[aria-sort=ascending]::after{content:" ▲"}table.runs th[aria-sort=descending]::after{content:" ▼"}
        table.runs td{padding:4px 8px;border-bottom:1px solid #eceff3;vertical-align:top;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        table.runs tbody tr:hover{background:#f3f6fb}
        td.num{text-align:right;font-variant-numeric:tabular-nums}td.delta.up,td.delta.down{font-weight:700}
        td.delta.up{color:#146c3a}td.delta.down{color:#b3261e}
        td.why{white-space:normal !important;font-size:12px;line-height:1.45;color:#3b4350}td.why b{color:var(--fg);font-weight:600;margin-right:4px}
        td.why .clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden}
        col.c-idx{width:42px}col.c-scen{width:190px}col.c-codec{width:92px}col.c-net{width:136px}col.c-loss{width:74px}
        col.c-delay{width:64px}col.c-r{width:48px}col.c-pred{width:84px}col.c-sig{width:72px}col.c-delta{width:58px}
        @media (max-width:1440px){col.c-scen{width:170px}col.c-net{width:124px}}
        @media (max-width:1100px){body{padding:0 14px 30px}col.c-idx{width:36px}col.c-scen{width:150px}col.c-codec{width:84px}col.c-net{width:116px}col.c-loss{width:66px}col.c-delay{width:58px}col.c-pred{width:76px}col.c-sig{width:66px}col.c-delta{width:54px}
          .c-r{display:none}table.runs{font-size:12.5px}}
        @media (max-width:1000px){.c-why{display:none}}
        .chart{max-width:100% !important}h3{font-size:15px;margin:16px 0 6px}
        .picks{display:flex;flex-wrap:wrap;gap:16px}.picks .col{flex:1 1 420px;min-width:0}
        .pick{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:6px 0;background:#fff}
        .pick .who{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.pick .score{margin:2px 0 6px}.pick .players{margin:0}
        .pick .players{display:flex;flex-direction:column;gap:4px}.pick figure{display:flex;align-items:center;gap:8px}
        .pick figcaption{width:62px;flex:none}.pick .players audio{width:100%;height:32px}
        .charts .chart{width:auto !important;flex:1 1 420px;max-width:640px !important}.charts .chart svg.plot{width:100%}
        .charts .chart.narrow{flex:0 1 400px;max-width:420px !important}.card{flex:1 1 170px}
        details.run{content-visibility:auto;contain-intrinsic-size:auto 38px}
        a{color:var(--accent)}
        details.run{border:1px solid var(--line);border-radius:8px;margin:6px 0;background:#fff}
        details.run>summary{padding:7px 12px;cursor:pointer;list-style-position:inside}
        details.run[open]>summary{background:var(--panel);border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
        details.run .idx{color:var(--muted);font-variant-numeric:tabular-nums}
        .runbody{padding:10px 14px 14px}.gapline{margin:2px 0 10px}
        .players{display:flex;flex-wrap:wrap;gap:18px;margin-bottom:8px}.players audio{width:330px;max-width:100%;height:36px}
        .plotfig{max-width:760px}.legend .sw{display:inline-block;font-style:normal;width:12px;height:10px;margin:0 3px 0 8px;vertical-align:-1px;border-radius:2px}
        .sw.wave{background:#2a5db0;height:3px}.sw.lost{background:rgba(215,48,39,.4)}.sw.late{background:rgba(242,158,27,.55)}
        .sw.dot{background:#2a5db0;width:6px;height:6px;border-radius:3px}.sw.dotlate{background:#e07b00;width:7px;height:7px;border-radius:4px}
        .sw.lostmark{background:#d73027;width:2px}.sw.deadline{background:#1a9850;height:2px}.sw.line{width:18px;height:3px}
        .specs{max-width:760px}.spec{position:relative;margin:6px 0 4px}
        .spec img{display:block;margin-left:48px;width:698px;max-width:calc(100% - 62px);border:1px solid #aab2bf}
        .spec figcaption{margin-left:48px}.flabel{position:absolute;left:0;width:44px;text-align:right;font-size:11px;line-height:12px;color:var(--muted)}
        .runcols{display:flex;flex-wrap:wrap;align-items:flex-start;gap:8px 28px}.plots{width:760px;max-width:100%}
        .figs{display:flex;flex-direction:column;gap:14px;flex:1;min-width:min(360px,100%)}
        .card.wide{min-width:min(320px,100%)}
        table.kv{font-size:12.5px}table.kv caption{text-align:left;font-weight:600;padding-bottom:4px}
        table.kv th{text-align:left;color:var(--muted);font-weight:400;padding:2px 12px 2px 0;vertical-align:top;white-space:nowrap}table.kv td{padding:2px 0;vertical-align:top}
        .notes{font-size:12.5px;color:var(--muted)}
        footer{margin-top:30px;border-top:1px solid var(--line);padding-top:10px}
        footer .mos{font-weight:400}
        """

    /// The page script: script errors and images that fail to decode are recorded on `<body data-errors>` (the
    /// browser test reads it); opening a run
    /// inserts its markup (kept as text in a `<script type="text/html">`); `#run-N` in the address opens and scrolls to run N,
    /// `#open=N,M` opens runs in place (for screenshots); headers sort the table.
    static let script = """
        (function(){
        "use strict";
        var body=document.body;
        function fail(message){body.setAttribute("data-errors",(body.getAttribute("data-errors")||"")+message+";");}
        window.addEventListener("error",function(e){fail(e.message||"error");});
        function fill(d){
          if(d.getAttribute("data-filled"))return;
          var t=d.querySelector(":scope>script.runcontent");
          if(t){d.insertAdjacentHTML("beforeend",t.textContent);}
          Array.prototype.forEach.call(d.querySelectorAll("img"),function(img){
            if(img.decode)img.decode().catch(function(){fail("image "+img.id+" did not decode");console.error("image "+img.id+" did not decode");});
          });
          d.setAttribute("data-filled","1");
        }
        document.addEventListener("toggle",function(e){var d=e.target;if(d.tagName==="DETAILS"&&d.open)fill(d);},true);
        function openHash(){
          var id=decodeURIComponent(location.hash.slice(1));
          if(id.indexOf("open=")===0){
            id.slice(5).split(",").forEach(function(n){var d=document.getElementById("run-"+n);if(d){d.open=true;fill(d);}});
            return;
          }
          var d=id?document.getElementById(id):null;
          if(d&&d.tagName==="DETAILS"){d.open=true;fill(d);d.scrollIntoView();}
        }
        window.addEventListener("hashchange",openHash);
        openHash();
        var runs=document.getElementById("runs");
        if(runs){
          var heads=runs.querySelector("thead").rows[0].cells;
          var bodies=runs.querySelectorAll(".chunk tbody");
          Array.prototype.forEach.call(heads,function(th,col){
            th.addEventListener("click",function(){
              var asc=th.getAttribute("aria-sort")!=="ascending";
              Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
              th.setAttribute("aria-sort",asc?"ascending":"descending");
              var numeric=th.getAttribute("data-type")==="n";
              var rows=[];
              Array.prototype.forEach.call(bodies,function(b){rows.push.apply(rows,Array.prototype.slice.call(b.rows));});
              function key(r){var c=r.cells[col];if(!numeric)return c.textContent;var v=c.getAttribute("data-v");return v===""||v===null?NaN:parseFloat(v);}
              var keyed=rows.map(function(r){return [key(r),r];});
              keyed.sort(function(a,b){
                var x=a[0],y=b[0];
                if(numeric){var xn=isNaN(x),yn=isNaN(y);if(xn||yn)return xn===yn?0:(xn?1:-1);return asc?x-y:y-x;}
                return asc?x.localeCompare(y):y.localeCompare(x);
              });
              var at=0,sizes=Array.prototype.map.call(bodies,function(b){return b.rows.length;});
              Array.prototype.forEach.call(bodies,function(b,j){
                var n=sizes[j],frag=document.createDocumentFragment();
                for(var k=0;k<n;k++)frag.appendChild(keyed[at++][1]);
                b.appendChild(frag);
              });
            });
          });
        }
        body.setAttribute("data-ready",String(document.querySelectorAll("details.run").length));
        })();
        """
}
