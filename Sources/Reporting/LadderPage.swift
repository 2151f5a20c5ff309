import Foundation
import LabCore

/// The classroom page of a MOS ladder (`DIR/index.html`): a trainer plays the rungs in order on a projector, runs a
/// blind quiz where the room votes on the ACR scale, and switches between a rung and the reference mid-sentence.
///
/// Self-contained: inline CSS and script, no network. Audio is linked by relative path, or embedded as data URIs
/// (`embeddedAudio`) so the page alone works from a USB stick. Missed rungs are marked as missed, with the score
/// they did reach; the page never claims a tolerance it did not meet.
public enum LadderPage {
    public struct Rung: Codable, Sendable, Equatable {
        public var target: Double
        /// The rung's MOS on the ladder's scale, re-measured on the written file for the signal scale.
        public var achieved_mos: Double
        /// The call-centre band of `achieved_mos` (`MOSBand`).
        public var band: String
        /// `abs(achieved_mos - target) <= tolerance`.
        public var reached: Bool
        public var reference: String
        public var degraded: String
        public var impairment: Impairment
        public var description: String
        /// "signal" (P.862 MOS-LQO) or "predicted" (E-model conversational MOS, delay included).
        public var scale: String = "signal"
        public var tolerance: Double = 0.05
        /// P.862 MOS-LQO of the written file, re-scored after writing.
        public var signal_mos: Double?
        /// E-model conversational MOS of the realised call (absent for noise).
        public var predicted_mos: Double?
        /// Seed of the realisation the rung used (the search tries `--seed`, `--seed + 1`, …).
        public var seed: UInt64 = 0
        /// Points the search evaluated for this rung.
        public var evaluations: Int = 0
        /// Active speech level (P.56) every clip was matched to.
        public var level_dbov: Double = -26
        /// Why a missed rung was missed (absent when reached).
        public var missed_because: String?

        public struct Impairment: Codable, Sendable, Equatable {
            public var kind: String
            public var parameter: String
            public var value: Double
            public init(kind: String, parameter: String, value: Double) {
                self.kind = kind
                self.parameter = parameter
                self.value = value
            }
        }

        public init(target: Double, achieved_mos: Double, band: String, reached: Bool, reference: String, degraded: String,
                    impairment: Impairment, description: String) {
            self.target = target
            self.achieved_mos = achieved_mos
            self.band = band
            self.reached = reached
            self.reference = reference
            self.degraded = degraded
            self.impairment = impairment
            self.description = description
        }
    }

    /// `audio` maps a file name (`reference.wav`, `rung-…wav`) to what `<audio src>` gets: the name itself, or a
    /// `data:audio/wav;base64,…` URI for a self-contained page.
    public static func render(clip: String, rungs: [Rung], audio: (String) -> String = { $0 }) -> String {
        let scale = rungs.first?.scale ?? "signal"
        let tolerance = rungs.first?.tolerance ?? 0.05
        let missed = rungs.filter { !$0.reached }
        let scaleText = scale == "predicted"
            ? "Rungs are placed on the <b>predicted</b> scale: the ITU-T G.107 E-model's <b>conversational</b> MOS for the realised call, which includes mouth-to-ear delay. What the room hears is listening quality only, so a predicted rung can sound better than its number (its P.862 signal MOS is shown beside it)."
            : "Rungs are placed on the <b>signal</b> scale: ITU-T P.862 MOS-LQO (P.862.1 mapping) measured on each written file, re-scored after it was written."
        var cards = ""
        for (i, rung) in rungs.enumerated() {
            let band = MOSBand(rawValue: rung.band) ?? MOSBand(mos: rung.achieved_mos)
            let status = rung.reached
                ? "<span class=\"ok\">within ±\(fixed2(tolerance))</span>"
                : "<span class=\"miss\">MISSED: closest reached \(fixed2(rung.achieved_mos)), target \(fixed2(rung.target))</span>\(rung.missed_because.map { " <span class=\"desc\">(\(escape($0)))</span>" } ?? "")"
            let other = scale == "predicted"
                ? (rung.signal_mos.map { " · P.862 signal MOS \(fixed2($0))" } ?? "")
                : (rung.predicted_mos.map { " · E-model predicted \(fixed2($0))" } ?? "")
            cards += """
                <li class="rung\(rung.reached ? "" : " missed")" id="rung-\(i)" data-i="\(i)">
                <button class="play big" data-src="b\(i)" aria-label="play rung \(i + 1)">▶</button>
                <div class="what"><div class="figs"><span class="k">target</span> <b>\(fixed2(rung.target))</b>
                <span class="k">measured</span> <b>\(fixed2(rung.achieved_mos))</b>
                <span class="badge" style="background:\(band.colour)">\(band.rawValue)</span> \(status)</div>
                <div class="desc">\(escape(rung.description))\(other) · seed \(rung.seed)</div></div>
                <button class="ab" data-i="\(i)" title="switch between this rung and the reference at the same moment (key A)">A/B</button>
                </li>

                """
        }
        var sources = "<audio id=\"ref\" preload=\"auto\" src=\"\(escape(audio(rungs.first?.reference ?? "reference.wav")))\"></audio>\n"
        for (i, rung) in rungs.enumerated() {
            sources += "<audio id=\"b\(i)\" preload=\"auto\" src=\"\(escape(audio(rung.degraded)))\"></audio>\n"
        }
        let data = rungs.map { rung in
            "{\"target\":\(fixed2(rung.target)),\"mos\":\(fixed2(rung.achieved_mos)),\"band\":\"\(escape(rung.band))\",\"colour\":\"\((MOSBand(rawValue: rung.band) ?? .unacceptable).colour)\",\"reached\":\(rung.reached)}"
        }.joined(separator: ",")
        let acrButtons = ACRScale.allCases.reversed().map { "<button class=\"vote\" data-v=\"\($0.rawValue)\">\($0.rawValue) \($0.name)</button>" }.joined()
        let missedBanner = missed.isEmpty ? "" : """
            <p class="warn" id="missed">\(missed.count) of \(rungs.count) rung\(rungs.count == 1 ? "" : "s") missed the ±\(fixed2(tolerance)) tolerance: \(missed.map { "target \(fixed2($0.target)) reached \(fixed2($0.achieved_mos))" }.joined(separator: "; ")). They are marked below; their numbers are what was measured.</p>
            """
        let legend = MOSBand.table.map { "<span class=\"badge\" style=\"background:\($0.band.colour)\">\($0.band.labelWithRange)</span>" }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>MOS ladder: \(escape(clip))</title>
            <style>\(css)</style></head><body>
            <header><h1>MOS ladder <small>\(escape(clip))</small></h1>
            <p class="sub">\(scaleText) Every clip, the reference included, is level-matched to −26 dBov (ITU-T P.56 active speech level), so only quality differs.</p>
            <p class="sub">Score bands (call-centre): \(legend)</p>
            </header>
            \(missedBanner)
            <nav class="controls">
            <button id="playall" class="big wide">▶ Play all in order <kbd>P</kbd></button>
            <button id="playref" class="big wide">▶ Reference <kbd>0</kbd></button>
            <button id="stop" class="big wide">■ Stop <kbd>S</kbd></button>
            <button id="quiz" class="big wide">? Blind quiz <kbd>Q</kbd></button>
            </nav>
            <section id="ladder-view"><ol class="rungs" id="ladder">
            \(cards)</ol></section>
            <section id="quiz-view" hidden>
            <p class="sub">The clips below are the same rungs in a random order. Play each, let the room vote on the listening-quality scale (ITU-T P.800 ACR: 5 Excellent … 1 Bad), then reveal.</p>
            <ol class="rungs" id="quizlist"></ol>
            <template id="votes">\(acrButtons)</template>
            <nav class="controls"><button id="reveal" class="big wide">Reveal <kbd>R</kbd></button><button id="reshuffle" class="big wide">New order</button><button id="back" class="big wide">Back to the ladder <kbd>Q</kbd></button></nav>
            </section>
            <p class="keys">Keys: <kbd>P</kbd> play all · <kbd>1</kbd>…<kbd>9</kbd> play a rung (quiz: vote 1–5 for the selected clip) · <kbd>↑</kbd>/<kbd>↓</kbd> select · <kbd>Space</kbd> play/pause selected · <kbd>A</kbd> switch rung/reference · <kbd>0</kbd> reference · <kbd>S</kbd> stop · <kbd>Q</kbd> quiz · <kbd>R</kbd> reveal</p>
            \(sources)<script id="rungdata" type="application/json">[\(data)]</script>
            <script>\(script)</script>
            </body></html>

            """
    }

    static let css = """
        :root{--fg:#1d2330;--muted:#5b6474;--line:#d9dee7;--panel:#f5f7fa;--accent:#2a5db0}
        *{box-sizing:border-box}body{font:18px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;margin:0 auto;padding:0 24px 40px;max-width:1200px;color:var(--fg)}
        h1{font-size:30px;margin:18px 0 6px}h1 small{font-size:20px;color:var(--muted);font-weight:400}
        .sub{color:var(--muted);font-size:16px;margin:4px 0}.keys{color:var(--muted);font-size:14px}
        .warn{background:#fde2df;border:2px solid #b3261e;color:#5c1410;padding:10px 14px;border-radius:8px;font-weight:600}
        .controls{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
        button{font:inherit;cursor:pointer;border:2px solid var(--accent);background:#fff;color:var(--accent);border-radius:10px}
        button:hover,button:focus-visible{background:#e8eefb}button.playing{background:var(--accent);color:#fff}
        button.big{min-height:64px;min-width:64px;font-size:24px;font-weight:600}button.wide{padding:0 22px;font-size:20px}
        kbd{font:13px ui-monospace,"DejaVu Sans Mono",monospace;border:1px solid #aab2bf;border-radius:4px;padding:0 4px;margin-left:6px;color:var(--muted);background:#fff}
        ol.rungs{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:10px}
        li.rung{display:flex;align-items:center;gap:16px;border:2px solid var(--line);border-radius:12px;padding:10px 14px;background:#fff}
        li.rung.sel{border-color:var(--accent);box-shadow:0 0 0 3px #c8d6f3}li.rung.missed{border-color:#b3261e;background:#fff6f5}
        .what{flex:1;min-width:0}.figs{font-size:22px}.figs .k{color:var(--muted);font-size:15px;margin-left:10px}.figs .k:first-child{margin-left:0}
        .desc{color:var(--muted);font-size:15px}
        .badge{display:inline-block;padding:2px 12px;border-radius:14px;font-weight:600;font-size:16px;color:#111}
        .ok{color:#146c3a;font-size:15px}.miss{color:#b3261e;font-weight:700;font-size:16px}
        button.ab{min-height:56px;padding:0 16px;font-size:20px;font-weight:600}button.ab.onref{background:#fde9b5;border-color:#a06b00;color:#5c3d00}
        .vote{min-height:52px;padding:0 12px;font-size:17px;margin:2px}.vote.on{background:var(--accent);color:#fff}
        .reveal{font-size:18px}.reveal b{font-size:22px}
        @media (max-width:700px){li.rung{flex-wrap:wrap}}
        """

    /// Play all in order (reference first), A/B switching at the same position, the quiz (Fisher–Yates shuffle,
    /// votes, reveal) and the keys. `body[data-ready]` is set when the script ran (the browser test reads it);
    /// `#quiz` opens the quiz and `#reveal` the quiz revealed (for screenshots and the browser test).
    static let script = """
        (function(){
        "use strict";
        var rungs=JSON.parse(document.getElementById("rungdata").textContent);
        var ref=document.getElementById("ref"),current=null,queue=[],sel=0,quiz=false,order=[],votes={};
        function audio(i){return document.getElementById("b"+i);}
        function mark(){
          Array.prototype.forEach.call(document.querySelectorAll("button.playing"),function(b){b.classList.remove("playing");});
          if(!current||current.paused)return;
          Array.prototype.forEach.call(document.querySelectorAll("[data-src='"+current.id+"']"),function(b){b.classList.add("playing");});
          if(current===ref)document.getElementById("playref").classList.add("playing");
        }
        function stop(){queue=[];if(current){current.pause();current.currentTime=0;}current=null;mark();
          Array.prototype.forEach.call(document.querySelectorAll("button.ab.onref"),function(b){b.classList.remove("onref");});}
        function play(a,keepQueue){if(!keepQueue)queue=[];if(current&&current!==a){current.pause();current.currentTime=0;}
          current=a;a.currentTime=0;var p=a.play();if(p&&p.catch)p.catch(function(){});mark();}
        function next(){if(queue.length){play(queue.shift(),true);}else{current=null;mark();}}
        [ref].concat(rungs.map(function(_,i){return audio(i);})).forEach(function(a){
          a.addEventListener("ended",function(){if(a===current)next();});a.addEventListener("pause",mark);a.addEventListener("play",mark);});
        function playAll(){stop();queue=rungs.map(function(_,i){return audio(i);});play(ref,true);}
        function toggle(i){var a=audio(i);if(current===a&&!a.paused){a.pause();}else{play(a);}}
        function ab(i){var a=audio(i),t=(current&&(current===a||current===ref))?current.currentTime:0,
          toRef=current===a,to=toRef?ref:a,btn=document.querySelector("#ladder button.ab[data-i='"+i+"']");
          if(current&&current!==to)current.pause();queue=[];current=to;to.currentTime=Math.min(t,to.duration||t);
          var p=to.play();if(p&&p.catch)p.catch(function(){});if(btn)btn.classList.toggle("onref",toRef);mark();}
        function select(n){var list=document.querySelectorAll((quiz?"#quizlist":"#ladder")+">li");if(!list.length)return;
          sel=(n+list.length)%list.length;Array.prototype.forEach.call(list,function(li,j){li.classList.toggle("sel",j===sel);});}
        function shuffle(){order=rungs.map(function(_,i){return i;});for(var i=order.length-1;i>0;i--){var j=Math.floor(Math.random()*(i+1));var t=order[i];order[i]=order[j];order[j]=t;}
          votes={};var list=document.getElementById("quizlist"),tpl=document.getElementById("votes").innerHTML;list.innerHTML="";
          order.forEach(function(r,k){var li=document.createElement("li");li.className="rung";li.setAttribute("data-i",String(r));
            li.innerHTML="<button class='play big' data-src='b"+r+"'>▶</button><div class='what'><div class='figs'>Clip "+String.fromCharCode(65+k)+
            "</div><div class='votes'>"+tpl+"</div><div class='reveal' hidden></div></div>";list.appendChild(li);});select(0);}
        function reveal(){Array.prototype.forEach.call(document.querySelectorAll("#quizlist>li"),function(li){var r=rungs[+li.getAttribute("data-i")],d=li.querySelector(".reveal"),v=votes[li.getAttribute("data-i")];
          d.innerHTML="target <b>"+r.target.toFixed(2)+"</b> · measured <b>"+r.mos.toFixed(2)+"</b> <span class='badge' style='background:"+r.colour+"'>"+r.band+"</span>"+
          (r.reached?"":" <span class='miss'>missed its target</span>")+(v?" · the room voted <b>"+v+"</b>":"");d.hidden=false;});}
        function setQuiz(on){quiz=on;stop();document.getElementById("quiz-view").hidden=!on;document.getElementById("ladder-view").hidden=on;
          document.getElementById("playall").hidden=on;if(on&&!order.length)shuffle();select(0);}
        function vote(li,v){var i=li.getAttribute("data-i");votes[i]=v;Array.prototype.forEach.call(li.querySelectorAll(".vote"),function(b){b.classList.toggle("on",+b.getAttribute("data-v")===v);});}
        document.addEventListener("click",function(e){var b=e.target.closest("button");if(!b)return;var li=b.closest("li");
          if(li){var list=Array.prototype.slice.call(li.parentNode.children);select(list.indexOf(li));}
          if(b.id==="playall")playAll();else if(b.id==="playref")play(ref);else if(b.id==="stop")stop();
          else if(b.id==="quiz")setQuiz(true);else if(b.id==="back")setQuiz(false);else if(b.id==="reveal")reveal();else if(b.id==="reshuffle")shuffle();
          else if(b.classList.contains("ab"))ab(+b.getAttribute("data-i"));
          else if(b.classList.contains("vote")&&li)vote(li,+b.getAttribute("data-v"));
          else if(b.hasAttribute("data-src"))toggle(+b.getAttribute("data-src").slice(1));});
        document.addEventListener("keydown",function(e){if(e.ctrlKey||e.metaKey||e.altKey)return;var k=e.key.toLowerCase(),
          li=document.querySelectorAll((quiz?"#quizlist":"#ladder")+">li")[sel];
          if(k==="p"&&!quiz)playAll();else if(k==="s")stop();else if(k==="q")setQuiz(!quiz);else if(k==="r"&&quiz)reveal();
          else if(k==="0")play(ref);else if(k==="arrowdown"||k==="arrowright")select(sel+1);else if(k==="arrowup"||k==="arrowleft")select(sel-1);
          else if(k===" "&&li)toggle(+li.getAttribute("data-i"));else if(k==="a"&&li&&!quiz)ab(+li.getAttribute("data-i"));
          else if(/^[1-9]$/.test(k)){var n=+k;if(quiz){if(n<=5&&li)vote(li,n);}else if(n<=rungs.length){select(n-1);toggle(n-1);}}
          else return;e.preventDefault();});
        select(0);
        if(location.hash==="#quiz")setQuiz(true);
        if(location.hash==="#reveal"){setQuiz(true);reveal();}
        document.body.setAttribute("data-ready",String(rungs.length));
        })();
        """

    static func fixed2(_ value: Double) -> String {
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        return "\(scaled < 0 && scaled > -100 ? "-" : "")\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}
