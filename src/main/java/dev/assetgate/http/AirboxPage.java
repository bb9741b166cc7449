package dev.assetgate.http;

import static dev.assetgate.http.PublicHtml.escape;
import static dev.assetgate.http.PublicHtml.sha256;

import dev.assetgate.airbox.Airbox;
import dev.assetgate.airbox.AirboxForm;
import dev.assetgate.error.ApiException;
import io.javalin.http.Context;

/**
 * The public upload page of an Airbox: server-rendered, one small inline script (no framework, no
 * external resource) that unlocks a protected Airbox, sends the files with the form's answers to the
 * upload route (X-Filerobot-Airbox-Puid) and shows the progress; every text HTML-escaped, under a
 * Content-Security-Policy that allows only its own inline style and script (by hash) and requests to
 * this origin, and that forbids framing. Readable at phone width; labels, live status and a
 * progress bar for assistive technology.
 */
final class AirboxPage {
    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;color:#222}"
            + "h1{font-size:1.5rem;margin:0 0 .5rem}p.d{white-space:pre-line;color:#444}label{display:block;margin:.8rem 0 .2rem;font-weight:600}"
            + "input,textarea{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;border:1px solid #767676;border-radius:4px}"
            + "small{display:block}button{display:block;font:inherit;padding:.5rem 1.2rem;margin-top:1rem;background:#0b5cad;color:#fff;border:0;border-radius:4px}"
            + "button:disabled{background:#767676}progress{width:100%;height:1.2rem;margin-top:1rem}"
            + "p.e{color:#b00020;font-weight:600}p.ok{color:#1b5e20;font-weight:600}small{color:#555}label small{display:inline}";
    private static final String SCRIPT = """
            (function(){
            var m=document.querySelector('main'),tk=m.getAttribute('data-token'),pu=m.getAttribute('data-puid'),access=null;
            var st=document.getElementById('status'),up=document.getElementById('upload'),uf=document.getElementById('unlock');
            function say(t,err){st.textContent=t;st.className=err?'e':'ok';}
            function parse(x){try{return JSON.parse(x.responseText)}catch(e){return {}}}
            function refusal(r,x){return (r.msg||('The server answered '+x.status))+(r.code?' ('+r.code+')':'');}
            if(uf){uf.addEventListener('submit',function(e){e.preventDefault();
              var x=new XMLHttpRequest();x.open('POST','/'+tk+'/airbox/'+pu+'/unlock');x.setRequestHeader('Content-Type','application/json');
              x.onload=function(){var r=parse(x);if(x.status===200){access=r.access_token;uf.hidden=true;up.hidden=false;say('Unlocked: fill in the form and choose your files.');up.querySelector('input,textarea').focus();}else{say(refusal(r,x),true);}};
              x.onerror=function(){say('The network failed: try again.',true);};
              x.send(JSON.stringify({password:document.getElementById('password').value}));});}
            up.addEventListener('submit',function(e){e.preventDefault();
              var files=document.getElementById('files').files;if(!files.length){say('Choose at least one file.',true);return;}
              var meta={},fields=up.querySelectorAll('[data-meta]');
              for(var i=0;i<fields.length;i++){var v=fields[i].value.trim();if(v)meta[fields[i].getAttribute('data-meta')]=v;}
              var fd=new FormData();fd.append('meta',JSON.stringify(meta));
              for(var j=0;j<files.length;j++)fd.append('file',files[j],files[j].name);
              var x=new XMLHttpRequest(),p=document.getElementById('progress'),b=document.getElementById('send');
              x.open('POST','/'+tk+'/v4/files');x.setRequestHeader('X-Filerobot-Airbox-Puid',pu);if(access)x.setRequestHeader('X-Airbox-Access',access);
              p.hidden=false;p.value=0;b.disabled=true;say('Uploading…');
              x.upload.onprogress=function(ev){if(ev.lengthComputable)p.value=Math.round(ev.loaded*100/ev.total);};
              x.onload=function(){b.disabled=false;var r=parse(x);if(x.status===200){p.value=100;var n=r.files?r.files.length:1;say('Thank you: '+n+(n===1?' file':' files')+' received.');up.reset();}else{p.hidden=true;say(refusal(r,x),true);}};
              x.onerror=function(){b.disabled=false;p.hidden=true;say('The network failed: try again.',true);};
              x.send(fd);});
            })();
            """;
    static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '" + sha256(SCRIPT)
            + "'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private AirboxPage() {}

    static void upload(Context ctx, String token, Airbox a) {
        StringBuilder b = new StringBuilder();
        b.append("<main data-token=\"").append(escape(token)).append("\" data-puid=\"").append(escape(a.puid())).append("\">");
        b.append("<h1>").append(escape(a.title())).append("</h1>");
        if (!a.message().isBlank()) b.append("<p class=\"d\">").append(escape(a.message())).append("</p>");
        if (a.passwordProtected()) {
            b.append("<form id=\"unlock\"><p>This upload link is protected by a password.</p>")
                    .append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" required autocomplete=\"current-password\">")
                    .append("<button type=\"submit\">Unlock</button></form>");
        }
        b.append("<form id=\"upload\"").append(a.passwordProtected() ? " hidden" : "").append(">");
        for (AirboxForm.Field f : a.form().fields()) {
            String id = "meta-" + f.key();
            b.append("<label for=\"").append(escape(id)).append("\">").append(escape(f.label()))
                    .append(f.required() ? " <small>(required)</small>" : "").append("</label>");
            String required = f.required() ? " required aria-required=\"true\"" : "";
            if (f.type() == AirboxForm.Type.TEXTAREA) {
                b.append("<textarea id=\"").append(escape(id)).append("\" data-meta=\"").append(escape(f.key())).append("\" rows=\"3\"")
                        .append(required).append("></textarea>");
            } else {
                b.append("<input id=\"").append(escape(id)).append("\" data-meta=\"").append(escape(f.key())).append("\" type=\"")
                        .append(f.type() == AirboxForm.Type.TEXT ? "text" : f.type().wire()).append("\"").append(required).append(">");
            }
        }
        b.append("<label for=\"files\">Files</label><input type=\"file\" id=\"files\" multiple required");
        if (!a.allowedTypes().isEmpty()) b.append(" accept=\"").append(escape(String.join(",", a.allowedTypes()))).append("\"");
        b.append(">");
        if (!a.allowedTypes().isEmpty()) b.append("<small>Accepted: ").append(escape(String.join(", ", a.allowedTypes()))).append("</small>");
        b.append("<button type=\"submit\" id=\"send\">Upload</button>");
        b.append("<progress id=\"progress\" max=\"100\" value=\"0\" hidden aria-label=\"Upload progress\"></progress></form>");
        b.append("<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>");
        if (a.endsAt() != null) b.append("<p><small>Open until ").append(escape(a.endsAt().toString())).append("</small></p>");
        b.append("</main>");
        send(ctx, 200, a.title(), b.toString(), true);
    }

    /** A refused page (unknown, closed): its message, with the status of the refusal. */
    static void refused(Context ctx, ApiException e) {
        String title = e.error.status == 404 ? "Upload link not found" : "Upload link closed";
        send(ctx, e.error.status, title, "<main><h1>" + escape(title) + "</h1><p class=\"e\">" + escape(e.getMessage())
                + " (" + e.error.name() + ")</p></main>", false);
    }

    private static void send(Context ctx, int status, String title, String body, boolean script) {
        PublicHtml.send(ctx, status, CSP, STYLE, title, script ? body + "<script>" + SCRIPT + "</script>" : body);
    }
}
