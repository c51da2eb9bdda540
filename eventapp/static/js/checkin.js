// The check-in station (templates/checkin/station.html), on a phone at the door.
//
// Without JavaScript every form works as a plain form and the page comes back with the
// answer. With it:
// 1. the forms (ticket code, check in, undo, search) are sent with fetch, asking for JSON,
//    with the CSRF token of the page's <meta name="csrf-token"> in the X-CSRFToken header,
//    and the answer the server rendered replaces the old one without reloading the page;
// 2. the camera reads QR codes: the browser's BarcodeDetector where it reads QR codes,
//    otherwise the vendored jsQR, loaded only then. A code read is sent like a typed one;
//    scanning pauses for 2 seconds after each, and the same code read again within a few
//    seconds is ignored (the ticket is still in front of the camera);
// 3. the counters are asked for again every 10 seconds while the page is visible; they come
//    with a fresh CSRF token (tokens expire after an hour, a station stays open all day),
//    and a request refused for an expired token is sent again once with a fresh one.
// The camera needs a secure context (HTTPS, or localhost): the page says so otherwise.
(function () {
  "use strict";

  var PAUSE_AFTER_READ_MS = 2000;
  var SAME_CODE_IGNORED_MS = 5000;
  var COUNTS_EVERY_MS = 10000;
  var SEARCH_DELAY_MS = 350;

  var station = document.querySelector("[data-station]");
  if (!station) {
    return;
  }
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = tokenMeta ? tokenMeta.getAttribute("content") : "";
  var answerBox = document.getElementById("checkin-answer");
  var resultsBox = document.getElementById("checkin-results");
  var messages = document.querySelector("[data-scanner-messages]");

  function message(name) {
    return messages ? messages.getAttribute("data-" + name) || "" : "";
  }

  // --- Talking to the server ---------------------------------------------------------------

  function request(url, options, retried) {
    var settings = Object.assign({ credentials: "same-origin" }, options || {});
    settings.headers = { "Accept": "application/json", "X-CSRFToken": csrfToken };
    if (settings.body instanceof FormData) {
      // The form's own token may be older than the page's current one.
      settings.body.set("csrf_token", csrfToken);
    }
    return fetch(url, settings).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { ok: false, body: { error: message("offline") } };
      }
      return response.json().then(function (body) {
        if (body.csrf && !retried) {
          // The token expired (a station stays open all day): take a fresh one, try again.
          return refreshCounts(true).then(function () {
            return request(url, options, true);
          });
        }
        return { ok: response.ok, body: body };
      });
    }, function () {
      return { ok: false, body: { error: message("offline") } };
    });
  }

  function showError(text) {
    var banner = document.createElement("div");
    banner.className = "ci-banner ci-banner--stop";
    var words = document.createElement("p");
    words.className = "ci-banner__heading";
    words.textContent = text;
    banner.appendChild(words);
    answerBox.replaceChildren(banner);
  }

  function showAnswer(reply) {
    if (reply.body && reply.body.html) {
      answerBox.innerHTML = reply.body.html;
    } else {
      showError((reply.body && reply.body.error) || message("offline"));
    }
    if (reply.body && reply.body.counts) {
      showCounts(reply.body.counts);
    }
    // The list of people found shows who is in: bring it up to date.
    if (searchForm && resultsBox.childElementCount) {
      runSearch();
    }
    if (navigator.vibrate) {
      navigator.vibrate(reply.body && reply.body.outcome === "checked_in" ? 80 : [80, 60, 80]);
    }
    // The counters just above the answer stay in sight with it.
    (document.getElementById("checkin-counts") || answerBox).scrollIntoView({ block: "start" });
  }

  function submitForm(form) {
    answerBox.setAttribute("aria-busy", "true");
    return request(form.action, { method: "POST", body: new FormData(form) })
      .then(showAnswer)
      .finally(function () { answerBox.removeAttribute("aria-busy"); });
  }

  // --- Forms -----------------------------------------------------------------------------

  var scanForm = station.querySelector("[data-scan-form]");
  var codeInput = scanForm ? scanForm.querySelector('input[name="code"]') : null;

  function sendCode(code) {
    if (!scanForm) {
      return Promise.resolve();
    }
    var data = new FormData(scanForm);
    data.set("code", code);
    return request(scanForm.action, { method: "POST", body: data }).then(showAnswer);
  }

  if (scanForm) {
    scanForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!codeInput.value.trim()) {
        codeInput.focus();
        return;
      }
      submitForm(scanForm).then(function () { codeInput.value = ""; });
    });
  }

  // Check in and undo buttons come and go with each answer and search: listen once, above.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-checkin-form")) {
      event.preventDefault();
      submitForm(form);
    }
  });

  var searchForm = station.querySelector("[data-search-form]");
  var searchTimer = null;

  function runSearch() {
    var params = new URLSearchParams(new FormData(searchForm));
    if (!(params.get("q") || "").trim()) {
      resultsBox.replaceChildren();
      return;
    }
    request(searchForm.action + "?" + params.toString()).then(function (reply) {
      if (reply.body && typeof reply.body.html === "string") {
        resultsBox.innerHTML = reply.body.html;
      }
    });
  }

  if (searchForm) {
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(searchTimer);
      runSearch();
    });
    searchForm.querySelector('input[name="q"]').addEventListener("input", function (event) {
      window.clearTimeout(searchTimer);
      if (event.target.value.trim().length >= 2 || !event.target.value.trim()) {
        searchTimer = window.setTimeout(runSearch, SEARCH_DELAY_MS);
      }
    });
  }

  // Choosing another session opens the station for it at once.
  var sessionForm = station.querySelector("[data-session-form]");
  if (sessionForm) {
    sessionForm.querySelector("select").addEventListener("change", function () {
      sessionForm.submit();
    });
  }

  // --- Counters ----------------------------------------------------------------------------

  function showCounts(counts) {
    Object.keys(counts).forEach(function (name) {
      var cell = station.querySelector('[data-count="' + name + '"]');
      if (cell && cell.textContent !== String(counts[name])) {
        cell.textContent = counts[name];
      }
    });
  }

  // The counters come with a fresh CSRF token: the page's forms keep working all day.
  function refreshCounts(evenIfHidden) {
    if (document.visibilityState !== "visible" && evenIfHidden !== true) {
      return Promise.resolve();
    }
    return request(station.getAttribute("data-counts-url")).then(function (reply) {
      if (reply.ok) {
        if (reply.body.csrf_token) {
          csrfToken = reply.body.csrf_token;
          if (tokenMeta) {
            tokenMeta.setAttribute("content", csrfToken);
          }
          delete reply.body.csrf_token;
        }
        showCounts(reply.body);
      }
    });
  }

  window.setInterval(refreshCounts, COUNTS_EVERY_MS);
  document.addEventListener("visibilitychange", refreshCounts);

  // --- Camera ------------------------------------------------------------------------------

  var scanner = document.getElementById("checkin-scanner");
  var frame = scanner.querySelector("[data-scanner-frame]");
  var video = scanner.querySelector("[data-scanner-video]");
  var status = scanner.querySelector("[data-scanner-status]");
  var startButton = scanner.querySelector("[data-scanner-start]");
  var stopButton = scanner.querySelector("[data-scanner-stop]");
  var stream = null;
  var detector = null;
  var paused = false;
  var lastCode = "";
  var lastCodeAt = 0;
  var canvas = null;

  scanner.hidden = false;
  if (!window.isSecureContext) {
    startButton.hidden = true;
    status.textContent = message("insecure");
  } else if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    startButton.hidden = true;
    status.textContent = message("unsupported");
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDetector() {
    var reader = new window.BarcodeDetector({ formats: ["qr_code"] });
    return {
      read: function () {
        return reader.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      }
    };
  }

  function jsqrDetector() {
    var load = window.jsQR ? Promise.resolve() : loadScript(station.getAttribute("data-jsqr-url"));
    return load.then(function () {
      canvas = canvas || document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return {
        read: function () {
          // A frame of at most 640 pixels across is plenty for a ticket held up close.
          var scale = Math.min(1, 640 / (video.videoWidth || 640));
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var found = window.jsQR(image.data, image.width, image.height,
            { inversionAttempts: "dontInvert" });
          return Promise.resolve(found ? found.data : null);
        }
      };
    });
  }

  function chooseDetector() {
    if (detector) {
      return Promise.resolve(detector);
    }
    var native = "BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        return formats.indexOf("qr_code") !== -1;
      }, function () { return false; })
      : Promise.resolve(false);
    return native.then(function (usable) {
      return usable ? nativeDetector() : jsqrDetector();
    }).then(function (chosen) {
      detector = chosen;
      return chosen;
    });
  }

  function onCode(raw) {
    var code = String(raw).trim();
    var now = Date.now();
    if (!code) {
      return;
    }
    if (code === lastCode && now - lastCodeAt < SAME_CODE_IGNORED_MS) {
      // Still in front of the camera: ignored until it has been away for a few seconds.
      lastCodeAt = now;
      return;
    }
    lastCode = code;
    lastCodeAt = now;
    paused = true;
    status.textContent = message("checking");
    sendCode(code).finally(function () {
      window.setTimeout(function () {
        paused = false;
        if (stream) {
          status.textContent = message("scanning");
        }
      }, PAUSE_AFTER_READ_MS);
    });
  }

  function readFrames() {
    if (!stream) {
      return;
    }
    if (paused || video.readyState < 2) {
      window.setTimeout(readFrames, 150);
      return;
    }
    detector.read().then(function (code) {
      if (code) {
        onCode(code);
      }
    }, function () { /* an unreadable frame: try the next one */ }).then(function () {
      window.setTimeout(readFrames, 120);
    });
  }

  function startCamera() {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        frame.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        status.textContent = message("scanning");
        return video.play().then(chooseDetector).then(readFrames);
      })
      .catch(function () {
        stopCamera();
        status.textContent = message("denied");
      });
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.srcObject = null;
    frame.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = !window.isSecureContext;
    status.textContent = "";
  }

  startButton.addEventListener("click", startCamera);
  stopButton.addEventListener("click", stopCamera);
  // No camera left running in a pocket: it stops when the page is hidden.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && stream) {
      stopCamera();
    }
  });
})();
