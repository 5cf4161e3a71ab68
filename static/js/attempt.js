// The attempt page: a countdown to the deadline and progress through the questions.
// The server stays the judge: it checks the deadline on submission; this only shows the time left
// (counted from the seconds the server said were left, so a wrong clock here does not matter) and,
// at zero, sends the answers given so far, within the server's few seconds of grace.
(function () {
  "use strict";

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function startCountdown(form) {
    var clock = document.querySelector("[data-countdown]");
    if (!clock || clock.dataset.remaining === "") {
      return;
    }
    var alert = document.querySelector("[data-countdown-alert]");
    var end = Date.now() + Number(clock.dataset.remaining) * 1000;
    var sent = false;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      clock.textContent = left > 0 ? format(left) + " left" : "time is up";
      clock.classList.toggle("countdown-low", left <= 60);
      if (alert && (left === 300 || left === 60)) {
        alert.textContent = format(left) + " left";
      }
      if (left === 0) {
        window.clearInterval(timer);
        if (form && !sent && Number(clock.dataset.remaining) > 0) {
          sent = true;
          if (alert) {
            alert.textContent = "Time is up: your answers are being sent.";
          }
          form.requestSubmit();
        }
      }
    }
    var timer = window.setInterval(tick, 1000);
    tick();
  }

  function answered(question) {
    var selects = question.querySelectorAll("select");
    if (selects.length) {
      return Array.prototype.every.call(selects, function (select) { return select.value !== ""; });
    }
    return question.querySelector("input:checked") !== null;
  }

  function startProgress(form) {
    var bar = document.querySelector("[data-attempt-bar]");
    var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
    if (!bar || !questions.length) {
      return;
    }
    var total = questions.length;
    var count = bar.querySelector("[data-answered]");
    var meter = bar.querySelector("[data-meter]");
    var current = bar.querySelector("[data-current]");
    function update() {
      var done = questions.filter(function (q) {
        var yes = answered(q);
        q.classList.toggle("is-answered", yes);
        return yes;
      }).length;
      count.textContent = done + " of " + total + " answered";
      meter.value = done;
      meter.textContent = done;
    }
    function show(question) {
      current.textContent = "Question " + question.dataset.number + " of " + total;
    }
    form.addEventListener("change", update);
    form.addEventListener("focusin", function (event) {
      var question = event.target.closest("[data-question]");
      if (question) {
        show(question);
      }
    });
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            show(entry.target);
          }
        });
      }, { rootMargin: "-40% 0px -55% 0px" });
      questions.forEach(function (q) { observer.observe(q); });
    }
    show(questions[0]);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".attempt-form");
    if (!form) {
      return;
    }
    startProgress(form);
    startCountdown(form);
  });
})();
